fn main() {
    let _page: &'static gone_runtime::SitePage = gone_runtime::page!();
}
