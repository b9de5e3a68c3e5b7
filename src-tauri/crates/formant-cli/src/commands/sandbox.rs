//! `formant sandbox`: the local sample server, until Ctrl-C.

use formant_sandbox::{Sandbox, SandboxOptions};

use crate::cli::SandboxArgs;
use crate::error::CliError;

pub async fn serve(args: &SandboxArgs) -> Result<(), CliError> {
    let sandbox = Sandbox::start(SandboxOptions {
        api_key: args.key.clone(),
        port: args.port,
        conversations: args.conversations,
        control_api: args.control_api,
        faults: args.faults.clone(),
    })
    .await?;
    let url = sandbox.base_url();
    // The first line names the address (with --port 0, the port the system chose); scripts
    // and tests read it from there.
    println!("FormantAI sandbox listening on {url}");
    // The sandbox's key is a local demo value the user chose, not an account's secret.
    println!("API key: {}", sandbox.api_key());
    println!("Conversations: {}", sandbox.conversation_count());
    for fault in &args.faults {
        println!("Fault: {fault}");
    }
    if args.control_api {
        println!("Control API: POST/DELETE {url}/_sandbox/faults, POST {url}/_sandbox/advance, GET {url}/_sandbox/requests");
    }
    println!("Try: FORMANT_BASE_URL={url} FORMANT_API_KEY=<key> formant conversations list");
    println!("Press Ctrl-C to stop.");
    let stopped = tokio::signal::ctrl_c().await;
    sandbox.shutdown().await;
    stopped.map_err(|e| CliError::io("cannot listen for Ctrl-C", e))
}
