/// Hostile templates kept as regression cases for `ImportFuzzTests`: each once trapped, hung
/// or was written to probe a bound (nesting, aliases, loops, tags in odd places).
enum ImportCrashCorpus {
  static let inputs: [String] = [
    // Nesting past the 64-level bound.
    "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      X: "
      + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\n",
    // An alias bomb.
    "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
      + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
      + "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
      + "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n",
    // Conditions in a loop, and a chain that doubles at every level.
    "Conditions:\n  A: !And [!Condition B, !Condition B]\n  B: !Or [!Condition A, !Condition A]\n"
      + "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n"
      + "      MemorySize: !If [A, 1, 2]\n",
    // A tag on a mapping key, a list as a key, and a tag on a list.
    "Resources:\n  ? !Ref X\n  : Type: AWS::SQS::Queue\n",
    "Resources:\n  ? [a, b]\n  : Type: AWS::SQS::Queue\n",
    "Resources:\n  Q:\n    Type: !Sub [AWS::SQS::Queue, {}]\n",
    // A queue that is its own DLQ, a function whose environment names itself.
    "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      RedrivePolicy:\n"
      + "        deadLetterTargetArn: !GetAtt Q.Arn\n        maxReceiveCount: 1e308\n",
    "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: 1e400\n"
      + "      Timeout: -5\n      Environment: {Variables: {S: !Ref F}}\n",
    // Wiring in a cycle: a queue feeding a function that sends to the queue.
    "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  F:\n    Type: AWS::Lambda::Function\n"
      + "    Properties:\n      Environment: {Variables: {Q: !Ref Q}}\n  M:\n"
      + "    Type: AWS::Lambda::EventSourceMapping\n    Properties:\n"
      + "      EventSourceArn: !GetAtt Q.Arn\n      FunctionName: !Ref F\n      BatchSize: 0\n",
    // A plan whose modules nest past the bound, and one with a null where a list belongs.
    "{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": "
      + String(repeating: "{\"child_modules\": [", count: 20) + "{}"
      + String(repeating: "]}", count: 20) + "}}",
    "{\"format_version\": \"1.0\", \"planned_values\": {\"root_module\": {\"resources\": null}}}",
    // Labels and route names with quotes, backslashes, control characters and newlines.
    "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n"
      + "    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n        E:\n"
      + "          Type: HttpApi\n          Properties: {Path: \"/a\\\"b\\\\c\\u0007\\n# x: y\","
      + " Method: \"GET\\r\\n\"}\n",
    // Sub with an unclosed ${, and an Fn::GetAtt of the wrong shape.
    "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n"
      + "      Environment: {Variables: {A: !Sub \"${F.Arn\", B: {\"Fn::GetAtt\": {x: 1}}}}\n",
  ]
}
