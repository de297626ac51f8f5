//! The client that build.rs generated, against a wiremock server: the
//! request on the wire, the decoded response, a documented error.

use build_rs_example::todo::models::{NewTask, Task};
use build_rs_example::todo::{ListTasksParams, ToDoListApi};
use build_rs_example::{Configuration, Error};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn api(server: &MockServer) -> ToDoListApi {
    let config = Configuration::new()
        .api_key("todo-key")
        .base_url(&server.uri())
        .unwrap();
    ToDoListApi::new(config).unwrap()
}

#[tokio::test]
async fn a_listing_sends_its_query_and_key_and_decodes_the_tasks() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tasks"))
        .and(query_param("done", "false"))
        .and(header("X-Api-Key", "todo-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([
            {"id": 1, "title": "write the example", "done": false}
        ])))
        .expect(1)
        .mount(&server)
        .await;

    let tasks = api(&server)
        .list_tasks(ListTasksParams::default().done(false))
        .await
        .unwrap();
    assert_eq!(tasks, [Task::new(1, "write the example").with_done(false)]);
}

#[tokio::test]
async fn a_documented_error_status_decodes_its_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/tasks"))
        .and(body_json(serde_json::json!({"title": ""})))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(serde_json::json!({"message": "empty title"})),
        )
        .expect(1)
        .mount(&server)
        .await;

    match api(&server).create_task(NewTask::new("")).await {
        Err(Error::Api(error)) => {
            assert_eq!(error.status, 400);
            assert_eq!(error.body.message, "empty title");
        }
        other => panic!("expected the documented 400, got {other:?}"),
    }
}
