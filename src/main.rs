fn main() {
    println!("CT11 Configurator");
}
