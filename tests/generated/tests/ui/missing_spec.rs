pactum::api!(spec = "tests/ui/does-not-exist.yaml", server);

fn main() {}
