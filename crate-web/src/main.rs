//! The designer's entry point: mounts the app (see `lib.rs`).

fn main() {
    fargate_stack_web::start();
}
