//! Creates the tables that are missing, and nothing else.

use sea_orm::sea_query::{Index, IndexCreateStatement, TableCreateStatement};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityName, Schema, Statement,
};

use super::entities::{
    account_claims, deleted_users, groups, revoked_tokens, token_floors, users, users_groups,
};

/// Creates each table of this crate that does not exist yet, with its
/// indexes, and returns the names of the tables it created. Existing tables
/// are left exactly as they are.
pub async fn create_missing_tables(db: &DatabaseConnection) -> Result<Vec<String>, DbErr> {
    let schema = Schema::new(db.get_database_backend());
    let postgres = db.get_database_backend() == DbBackend::Postgres;
    let tables: Vec<(String, TableCreateStatement, Vec<IndexCreateStatement>)> = vec![
        table(
            &schema,
            users::Entity,
            if postgres {
                Vec::new()
            } else {
                users_indexes()
            },
        ),
        table(&schema, groups::Entity, Vec::new()),
        table(&schema, users_groups::Entity, Vec::new()),
        table(&schema, revoked_tokens::Entity, Vec::new()),
        table(&schema, account_claims::Entity, Vec::new()),
        table(&schema, deleted_users::Entity, Vec::new()),
        table(&schema, token_floors::Entity, Vec::new()),
    ];

    let mut created = Vec::new();
    for (name, create, indexes) in tables {
        if create_if_missing(db, &name, &create, &indexes).await? {
            created.push(name);
        }
    }

    if created.iter().any(|name| name == "groups") {
        seed_groups(db).await?;
    }
    Ok(created)
}

/// Creates one table (and its indexes) if it is missing; says whether it did.
pub async fn create_if_missing(
    db: &DatabaseConnection,
    name: &str,
    create: &TableCreateStatement,
    indexes: &[IndexCreateStatement],
) -> Result<bool, DbErr> {
    if table_exists(db, name).await? {
        return Ok(false);
    }

    match postgres_ddl(db.get_database_backend(), name) {
        Some(ddl) => {
            db.execute_unprepared(ddl).await?;
        }
        None => {
            db.execute(create).await?;
        }
    }
    for index in indexes {
        db.execute(index).await?;
    }
    tracing::info!(table = name, "created missing table");
    Ok(true)
}

fn table<E: EntityName + sea_orm::EntityTrait>(
    schema: &Schema,
    entity: E,
    indexes: Vec<IndexCreateStatement>,
) -> (String, TableCreateStatement, Vec<IndexCreateStatement>) {
    let name = entity.table_name().to_string();
    (name, schema.create_table_from_entity(entity), indexes)
}

/// The composite unique key of OpenML's DDL; the single-column ones come
/// from the entity.
fn users_indexes() -> Vec<IndexCreateStatement> {
    vec![
        Index::create()
            .name("users_username_email")
            .table(users::Entity)
            .col(users::Column::Username)
            .col(users::Column::Email)
            .unique()
            .to_owned(),
    ]
}

/// PostgreSQL has no unsigned integers, and sea-query will not make an
/// unsigned auto-increment key there, so OpenML's tables get plain DDL on
/// PostgreSQL: `integer` where MySQL has unsigned columns (read back as
/// `u32`), and the unique keys of OpenML's own DDL.
fn postgres_ddl(backend: DbBackend, table: &str) -> Option<&'static str> {
    if backend != DbBackend::Postgres {
        return None;
    }
    match table {
        "users" => Some(POSTGRES_USERS),
        "groups" => Some(
            "CREATE TABLE groups (id serial PRIMARY KEY, name varchar(20) NOT NULL, \
             description varchar(100) NOT NULL)",
        ),
        "users_groups" => Some(
            "CREATE TABLE users_groups (id serial PRIMARY KEY, user_id integer NOT NULL, \
             group_id integer NOT NULL)",
        ),
        _ => None,
    }
}

const POSTGRES_USERS: &str = "CREATE TABLE users (
    id serial PRIMARY KEY,
    ip_address varchar(45) NOT NULL,
    username varchar(100) NOT NULL,
    password varchar(255) NOT NULL,
    email varchar(254) NOT NULL,
    activation_selector varchar(255) UNIQUE,
    activation_code varchar(255),
    forgotten_password_selector varchar(255) UNIQUE,
    forgotten_password_code varchar(255),
    forgotten_password_time integer,
    remember_selector varchar(255) UNIQUE,
    remember_code varchar(255),
    created_on integer NOT NULL,
    last_login integer,
    active boolean,
    first_name varchar(50),
    last_name varchar(50),
    company varchar(100) NOT NULL,
    phone varchar(20),
    country varchar(50) NOT NULL,
    image varchar(128),
    bio text NOT NULL,
    core varchar(5) NOT NULL DEFAULT 'false',
    external_source varchar(50),
    external_id varchar(50),
    session_hash varchar(40) UNIQUE,
    session_hash_date timestamp DEFAULT CURRENT_TIMESTAMP,
    gamification_visibility varchar(32) NOT NULL DEFAULT 'show',
    UNIQUE (username, email)
)";

/// Whether a table of that name exists in the connected database (schema).
pub async fn table_exists(db: &DatabaseConnection, name: &str) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => {
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?"
        }
        DbBackend::MySql => {
            "SELECT COUNT(*) AS n FROM information_schema.tables \
             WHERE table_schema = DATABASE() AND table_name = ?"
        }
        _ => {
            "SELECT COUNT(*) AS n FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = $1"
        }
    };

    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [name.into()]))
        .await?;
    let count: i64 = match row {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    Ok(count > 0)
}

/// The three groups of OpenML's seed, for a database made here.
async fn seed_groups(db: &DatabaseConnection) -> Result<(), DbErr> {
    use sea_orm::{ActiveModelTrait, Set};

    let rows = [
        (1, "admin", "Administrator"),
        (2, "members", "General User"),
        (3, "readonly", "Readonly Users"),
    ];
    for (id, name, description) in rows {
        groups::ActiveModel {
            id: Set(id),
            name: Set(name.into()),
            description: Set(description.into()),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
