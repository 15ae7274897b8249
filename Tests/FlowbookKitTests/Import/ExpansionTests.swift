import Testing

@testable import FlowbookKit

/// The SAM transform and the Terraform translation produce what the mapping expects.
@Suite struct ExpansionTests {
  @Test func samGlobalsMergeAndTheResourceWins() throws {
    let text = """
      Transform: AWS::Serverless-2016-10-31
      Globals:
        Function:
          MemorySize: 256
          Timeout: 9
          Environment:
            Variables:
              SHARED: !Ref Table
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Timeout: 4
            Environment:
              Variables:
                OWN: x
            Events:
              Get:
                Type: HttpApi
        Table:
          Type: AWS::Serverless::SimpleTable
        Link:
          Type: AWS::Serverless::Connector
          Properties:
            Source: {Id: Fn}
            Destination: {Id: Bucket}
            Permissions: [Write]
        Bucket:
          Type: AWS::S3::Bucket
      """
    let result = try TemplateImporter.importText(text, name: "t.yaml")
    #expect(result.yaml.contains("memory: 256 MB"))
    #expect(result.yaml.contains("timeout: 4 s"))
    #expect(result.yaml.contains("capacity_mode: on-demand"))
    // The merged environment still names the table; the connector adds the bucket.
    #expect(
      result.yaml.hasSuffix(
        "path:\n  - serverless_http_api\n  - fn\n  - table\n  - bucket\n"), "\(result.yaml)")
  }

  @Test func terraformModulesAndReferencesInsideThem() throws {
    let plan = """
      {"format_version": "1.2",
       "planned_values": {"root_module": {"child_modules": [{"address": "module.jobs",
         "resources": [
           {"address": "module.jobs.aws_sqs_queue.q", "mode": "managed", "type": "aws_sqs_queue",
            "name": "q", "values": {"visibility_timeout_seconds": 77}},
           {"address": "module.jobs.aws_lambda_function.f", "mode": "managed",
            "type": "aws_lambda_function", "name": "f", "values": {"memory_size": 640}},
           {"address": "module.jobs.aws_lambda_event_source_mapping.m", "mode": "managed",
            "type": "aws_lambda_event_source_mapping", "name": "m", "values": {"batch_size": 3}},
           {"address": "data.aws_caller_identity.me", "mode": "data",
            "type": "aws_caller_identity", "name": "me", "values": {}}]}]}},
       "configuration": {"root_module": {"module_calls": {"jobs": {"module": {"resources": [
         {"address": "aws_lambda_event_source_mapping.m", "expressions": {
           "event_source_arn": {"references": ["aws_sqs_queue.q.arn", "aws_sqs_queue.q"]},
           "function_name": {"references": ["aws_lambda_function.f.arn"]}}}]}}}}}}
      """
    let result = try TemplateImporter.importText(plan, name: "plan.json")
    #expect(result.format == "Terraform plan")
    #expect(result.yaml.contains("visibility_timeout: 77 s"))
    #expect(result.yaml.contains("memory: 640 MB"))
    #expect(result.yaml.contains("batch_size: 3 "))
    #expect(result.yaml.hasSuffix("path:\n  - q\n  - f\n"), "\(result.yaml)")
    #expect(result.unmappedProperties.contains { $0.contains("data.aws_caller_identity.me") })
  }
}
