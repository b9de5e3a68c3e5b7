//! What the app was started with: `--demo`, and an account from the environment.

use formant_core::{ApiKey, Region};

pub struct Launch {
    pub demo: bool,
    /// From `FORMANT_API_KEY` with `FORMANT_BASE_URL` or `FORMANT_REGION` (default global).
    pub environment_account: Option<(Region, ApiKey)>,
    /// Set when the environment named a region that does not exist; shown, not fatal.
    pub environment_problem: Option<String>,
}

impl Launch {
    pub fn from_env() -> Self {
        Self::parse(std::env::args().skip(1), |name| {
            std::env::var(name).ok().filter(|v| !v.trim().is_empty())
        })
    }

    fn parse(args: impl IntoIterator<Item = String>, var: impl Fn(&str) -> Option<String>) -> Self {
        let demo = args.into_iter().any(|a| a == "--demo");
        let mut problem = None;
        let environment_account = var("FORMANT_API_KEY").and_then(|key| {
            let region = match (var("FORMANT_BASE_URL"), var("FORMANT_REGION")) {
                (Some(url), _) => Region::Custom(url),
                (None, Some(name)) => match Region::parse(&name) {
                    Ok(region) => region,
                    Err(e) => {
                        problem = Some(e.to_string());
                        return None;
                    }
                },
                (None, None) => Region::Global,
            };
            Some((region, ApiKey::new(key)))
        });
        Self {
            demo,
            environment_account,
            environment_problem: problem,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn launch(args: &[&str], vars: &[(&str, &str)]) -> Launch {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        Launch::parse(args.iter().map(|s| (*s).to_owned()), |k| {
            vars.get(k).cloned()
        })
    }

    #[test]
    fn demo_flag_and_environment_account() {
        assert!(launch(&["--demo"], &[]).demo);
        assert!(!launch(&[], &[]).demo);
        let l = launch(
            &[],
            &[("FORMANT_API_KEY", "k123456789"), ("FORMANT_REGION", "in")],
        );
        let (region, key) = l.environment_account.expect("account");
        assert_eq!(region, Region::India);
        assert_eq!(key.expose(), "k123456789");
        let l = launch(
            &[],
            &[
                ("FORMANT_API_KEY", "k"),
                ("FORMANT_BASE_URL", "http://127.0.0.1:9"),
            ],
        );
        assert_eq!(
            l.environment_account.map(|a| a.0),
            Some(Region::Custom("http://127.0.0.1:9".into()))
        );
        let l = launch(&[], &[("FORMANT_API_KEY", "k"), ("FORMANT_REGION", "mars")]);
        assert!(l.environment_account.is_none());
        assert!(l.environment_problem.expect("problem").contains("mars"));
    }
}
