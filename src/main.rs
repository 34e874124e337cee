fn main() {
    yew::Renderer::<rootless_doctor_web::App>::new().render();
}
