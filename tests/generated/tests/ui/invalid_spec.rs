pactum::api!(spec = "tests/ui/invalid.yaml", server);

fn main() {}
