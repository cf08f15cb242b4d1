//! Rules of the optional parts: the database, the bucket and the API Gateway.

use super::{clip, list, Errors, LOG_RETENTION_DAYS, MYSQL_VERSIONS, POSTGRES_VERSIONS};
use crate::config::Config;

pub(super) fn check_extras(e: &mut Errors, config: &Config) {
    if let Some(db) = &config.database {
        let offered: &[&str] = match db.engine {
            crate::config::Engine::Postgres => &POSTGRES_VERSIONS,
            crate::config::Engine::Mysql => &MYSQL_VERSIONS,
        };
        if !offered.contains(&db.engine_version.as_str()) {
            e.push(
                "database.engineVersion",
                format!(
                    "`{}` is not offered; use one of {}",
                    clip(&db.engine_version),
                    offered.join(", ")
                ),
            );
        }
        let class_ok = db.instance_class.strip_prefix("db.").is_some_and(|rest| {
            let parts: Vec<&str> = rest.split('.').collect();
            parts.len() == 2
                && parts.iter().all(|p| {
                    !p.is_empty()
                        && p.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                })
        });
        if !class_ok {
            e.push(
                "database.instanceClass",
                format!(
                    "`{}` is not an instance class like db.t4g.micro",
                    clip(&db.instance_class)
                ),
            );
        }
        e.range(
            || "database.allocatedStorageGib".to_owned(),
            db.allocated_storage_gib,
            20,
            65536,
        );
        e.range(
            || "database.backupRetentionDays".to_owned(),
            db.backup_retention_days,
            0,
            35,
        );
        for (field, value) in [
            ("databaseName", &db.database_name),
            ("username", &db.username),
        ] {
            let ok = !value.is_empty()
                && value.len() <= 16
                && value.as_bytes()[0].is_ascii_alphabetic()
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_');
            if !ok {
                e.push(format!("database.{field}"), format!("`{}` is not allowed; use 1 to 16 letters, digits and _, starting with a letter", clip(value)));
            } else if matches!(
                value.to_ascii_lowercase().as_str(),
                "admin" | "postgres" | "root" | "mysql" | "rdsadmin" | "user"
            ) {
                e.push(
                    format!("database.{field}"),
                    format!("`{value}` is reserved by the engine"),
                );
            }
        }
    }
    if let Some(api) = &config.api_gateway {
        if !LOG_RETENTION_DAYS.contains(&api.access_log_retention_days) {
            e.push(
                "apiGateway.accessLogRetentionDays",
                format!(
                    "{} is not accepted by CloudWatch Logs; use one of {}",
                    api.access_log_retention_days,
                    list(&LOG_RETENTION_DAYS)
                ),
            );
        }
    }
}
