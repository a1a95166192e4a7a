pactum::api!(spec = "tests/ui/bad_pattern.yaml");

fn main() {}
