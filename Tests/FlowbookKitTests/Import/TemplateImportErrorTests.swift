import Testing

@testable import FlowbookKit

/// Mistakes in templates are `--> file:line:col` errors; what the importer cannot model is
/// listed, never dropped.
@Suite struct TemplateImportErrorTests {
  struct ErrorCase: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var message: String
    var location: String
    var testDescription: String { name }
  }

  static let errors: [ErrorCase] = [
    ErrorCase(
      name: "unknown tag",
      text: "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"
        + "      VisibilityTimeout: !Reff Foo\n",
      message: "unknown tag !Reff", location: "t.yaml:5:26"),
    ErrorCase(
      name: "malformed YAML",
      text: "Resources:\n  Q:\n    Type: [AWS::SQS::Queue\n", message: "malformed template",
      location: "t.yaml:4:1"),
    ErrorCase(
      name: "no Type", text: "Resources:\n  Queue:\n    Properties: {}\n",
      message: "resource Queue has no Type", location: "t.yaml:2:3"),
    ErrorCase(
      name: "no Resources", text: "AWSTemplateFormatVersion: '2010-09-09'\n",
      message: "no Resources", location: "t.yaml:1:1"),
    ErrorCase(
      name: "SAM without transform",
      text: "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n",
      message: "no Transform", location: "t.yaml:2:3"),
    ErrorCase(
      name: "event without Type",
      text: "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n"
        + "    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n"
        + "        E:\n          Properties: {}\n",
      message: "needs a Type", location: "t.yaml:7:9"),
    ErrorCase(
      name: "bad GetAtt",
      text: "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"
        + "    Properties:\n      X: !GetAtt Q\n",
      message: "!GetAtt takes Resource.Attribute", location: "t.yaml:5:10"),
    ErrorCase(
      name: "JSON duplicate key",
      text:
        "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\", \"Type\": \"AWS::SNS::Topic\"}}}",
      message: "appears twice", location: "t.yaml:1:"),
    ErrorCase(
      name: "figure out of flowbook's range",
      text: "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n"
        + "      ProvisionedThroughput:\n        ReadCapacityUnits: 1e308\n",
      message: "the template states a figure flowbook cannot model (read_capacity: 1e+308 rps)",
      location: "t.yaml:6:9"),
    ErrorCase(
      name: "plan of another major version",
      text: "{\"format_version\": \"2.0\", \"planned_values\": {\"root_module\": {}}}",
      message: "format_version 2.0", location: "t.yaml:1:"),
  ]

  @Test(arguments: errors) func mistakesArePlacedInTheFile(_ c: ErrorCase) {
    do {
      _ = try TemplateImporter.importText(c.text, name: "t.yaml")
      Issue.record("\(c.name): imported without an error")
    } catch {
      let rendered = CaretRenderer.render(error)
      #expect(rendered.contains(c.message), "\(c.name): \(rendered)")
      #expect(rendered.contains("--> " + c.location), "\(c.name): \(rendered)")
    }
  }

  @Test func unknownResourcesAreListedNotDropped() throws {
    let text = """
      Resources:
        Queue:
          Type: AWS::SQS::Queue
        Crawler:
          Type: AWS::Glue::Crawler
        Logs:
          Type: AWS::Logs::LogGroup
      """
    let result = try TemplateImporter.importText(text, name: "t.yaml")
    #expect(result.unmodelled == ["Crawler (AWS::Glue::Crawler)"])
    #expect(result.yaml.contains("Not modelled (no component kind): Crawler (AWS::Glue::Crawler)"))
    #expect(result.yaml.contains("Read for wiring, not components: Logs"))
  }

  @Test func shortAndLongIntrinsicsResolveTheSame() throws {
    let short = """
      Parameters:
        Size: {Type: Number, Default: 768}
        Env: {Type: String, Default: prod}
      Mappings:
        Timeouts: {prod: {Seconds: 14}}
      Conditions:
        Prod: !Equals [!Ref Env, prod]
      Resources:
        Fn:
          Type: AWS::Lambda::Function
          Properties:
            MemorySize: !Ref Size
            Timeout: !FindInMap [Timeouts, !Ref Env, Seconds]
            ReservedConcurrentExecutions: !If [Prod, 7, 1]
            Runtime: !Select [1, !Split [",", "x,python3.12"]]
            Environment:
              Variables:
                Q: !Sub "${Queue.Arn}"
                I: !ImportValue other-stack-queue
        Queue:
          Type: AWS::SQS::Queue
          Properties:
            VisibilityTimeout: !Join ["", ["4", "5"]]
      """
    let result = try TemplateImporter.importText(short, name: "t.yaml")
    let model = try ModelLoader.load(text: result.yaml, name: "t.yaml")
    func value(_ component: String, _ parameter: String) throws -> String {
      try model.value(at: ParameterAddress(component: component, parameter: parameter)).formatted
    }
    #expect(try value("fn", "memory") == (try value("fn", "memory")))
    #expect(result.yaml.contains("memory: 768 MB"))
    #expect(result.yaml.contains("timeout: 14 s"))
    #expect(result.yaml.contains("reserved_concurrency: 7 "))
    #expect(result.yaml.contains("runtime: python3.12 "))
    #expect(result.yaml.contains("visibility_timeout: 45 s"))
    // The function names the queue in its environment: a call, so the queue follows it.
    #expect(result.yaml.contains("path:\n  - fn\n  - queue\n"))
  }

  @Test func aChainDeeperThanThePathLimitStopsAndSaysSo() throws {
    var text = "Resources:\n"
    for index in 0..<40 {
      text += "  Q\(index):\n    Type: AWS::SNS::Topic\n"
      text += "  S\(index):\n    Type: AWS::SNS::Subscription\n    Properties:\n"
      text += "      TopicArn: !Ref Q\(index)\n      Endpoint: !Ref Q\(index + 1)\n"
    }
    text += "  Q40:\n    Type: AWS::SNS::Topic\n"
    let result = try TemplateImporter.importText(text, name: "t.yaml")
    #expect(result.componentCount == 41)
    #expect(result.unmappedProperties.contains { $0.hasPrefix("path: the wiring runs on past") })
  }

  @Test func conditionsThatReferToEachOtherDoNotHang() throws {
    let text = """
      Conditions:
        A: !Condition B
        B: !Condition A
      Resources:
        Fn:
          Type: AWS::Lambda::Function
          Properties:
            MemorySize: !If [A, 256, 512]
      """
    let result = try TemplateImporter.importText(text, name: "t.yaml")
    #expect(result.yaml.contains("memory: 256 MB"))
  }
}
