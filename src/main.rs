fn main() {
    std::process::exit(greffier::cli::main());
}
