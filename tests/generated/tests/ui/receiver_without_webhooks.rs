pactum::api!(spec = "tests/ui/small.yaml", receiver);

fn main() {}
