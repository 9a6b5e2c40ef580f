use actix_web::HttpResponse;
use gone_runtime::revived;

struct Api;

impl Api {
    #[revived(since = "2025-09-01", reason = "The export is back by customer demand")]
    async fn export(&self) -> HttpResponse {
        HttpResponse::Ok().finish()
    }
}

fn main() {
    let _ = Api.export();
}
