pactum::api!(spec = "tests/ui/small.yaml", server, operations = ["goodbye"]);

fn main() {}
