//! `ListAPIKeys`'s response written by hand, the way a user without a
//! generator would: `#[derive(Deserialize)]`, every property an `Option`,
//! date-times as chrono types where the spec says `format: date-time`,
//! resource `type`s as strings, the `included` items an internally tagged
//! enum. Unknown properties are ignored (not kept, as ours keeps them).
//! `#[derive(Serialize)]` too, for the encoding benchmark: a `None` is
//! written as `null` (ours leaves an absent property out).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize, Serialize)]
pub struct ApiKeysResponse {
    pub data: Option<Vec<PartialApiKey>>,
    pub included: Option<Vec<Included>>,
    pub meta: Option<Meta>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct PartialApiKey {
    pub attributes: Option<PartialApiKeyAttributes>,
    pub id: Option<String>,
    pub relationships: Option<ApiKeyRelationships>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct PartialApiKeyAttributes {
    pub category: Option<String>,
    pub created_at: Option<String>,
    pub date_last_used: Option<DateTime<Utc>>,
    pub last4: Option<String>,
    pub modified_at: Option<String>,
    pub name: Option<String>,
    pub remote_config_read_enabled: Option<bool>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct ApiKeyRelationships {
    pub created_by: Option<Relationship>,
    pub modified_by: Option<Relationship>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct Relationship {
    pub data: Option<ResourceId>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct Relationships {
    pub data: Option<Vec<ResourceId>>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct ResourceId {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(tag = "type")]
pub enum Included {
    #[serde(rename = "users")]
    User(User),
    #[serde(rename = "leaked_keys")]
    LeakedKey(LeakedKey),
    #[serde(other)]
    Other,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct User {
    pub attributes: Option<UserAttributes>,
    pub id: Option<String>,
    pub relationships: Option<UserRelationships>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct UserAttributes {
    pub created_at: Option<DateTime<Utc>>,
    pub disabled: Option<bool>,
    pub email: Option<String>,
    pub handle: Option<String>,
    pub icon: Option<String>,
    pub last_login_time: Option<DateTime<Utc>>,
    pub mfa_enabled: Option<bool>,
    pub modified_at: Option<DateTime<Utc>>,
    pub name: Option<String>,
    pub service_account: Option<bool>,
    pub status: Option<String>,
    pub title: Option<String>,
    pub uuid: Option<String>,
    pub verified: Option<bool>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct UserRelationships {
    pub org: Option<Relationship>,
    pub other_orgs: Option<Relationships>,
    pub other_users: Option<Relationships>,
    pub roles: Option<Relationships>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct LeakedKey {
    pub attributes: Option<LeakedKeyAttributes>,
    pub id: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct LeakedKeyAttributes {
    pub date: Option<DateTime<Utc>>,
    pub leak_source: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct Meta {
    pub max_allowed: Option<i64>,
    pub page: Option<MetaPage>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct MetaPage {
    pub total_filtered_count: Option<i64>,
}
