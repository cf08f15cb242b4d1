//! Prints the core's create-only property table as JSON (`{"AWS::EC2::VPC": ["CidrBlock", ...]}`),
//! for tests/schemas, which compares it with AWS's provider schemas shipped by cfn-lint.

use fargate_stack::changes::create_only::create_only;
use fargate_stack::template::ResourceType;

fn main() {
    let table: serde_json::Map<String, serde_json::Value> = ResourceType::ALL
        .iter()
        .map(|t| (t.name().to_owned(), serde_json::json!(create_only(*t))))
        .collect();
    println!("{}", serde_json::Value::Object(table));
}
