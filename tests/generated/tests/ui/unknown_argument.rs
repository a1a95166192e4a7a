pactum::api!(spec = "tests/ui/small.yaml", servre);

fn main() {}
