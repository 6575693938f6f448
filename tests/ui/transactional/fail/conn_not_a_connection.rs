use harden_runtime::transactional;
use sea_orm::DbErr;

struct Config {
    url: String,
}

struct Service {
    config: Config,
}

impl Service {
    #[transactional(conn = self.config)]
    async fn reload(&self) -> Result<(), DbErr> {
        let _ = &self.config.url;
        Ok(())
    }
}

#[transactional(conn = config)]
async fn with_param(config: &Config) -> Result<(), DbErr> {
    let _ = &config.url;
    Ok(())
}

fn main() {}
