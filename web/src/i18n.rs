//! The UI's languages: English and Korean (the course notes' language).
//! `t(key)` gives a string in the current language; the language comes
//! from the browser's (`navigator.language`) unless the user picked one
//! with the top bar's switch (kept in localStorage under [`STORAGE_KEY`]).
//! Components that show translated text take the [`Lang`] as a prop so
//! they re-render when it changes. kubectl's own output is never
//! translated: it is what the real kubectl prints.

use std::cell::Cell;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

/// localStorage key of the chosen language (`en` or `ko`).
pub const STORAGE_KEY: &str = "kubeplay.lang";

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The language's own name, for the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
        }
    }

    /// `ko`, `ko-KR`, `en-US`...; anything not Korean is English.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("ko") {
            Lang::Ko
        } else {
            Lang::En
        }
    }

    /// A stored choice (`en`/`ko`), `None` for anything else.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code.trim())
    }
}

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The language the UI speaks now.
pub fn lang() -> Lang {
    CURRENT.with(Cell::get)
}

pub fn set_lang(l: Lang) {
    CURRENT.with(|c| c.set(l));
}

/// `key` in the current language.
pub fn t(key: &str) -> &'static str {
    tr(lang(), key)
}

/// `key` in `lang`; an unknown key is returned as a visible marker so a
/// missing string shows up in review, never as a blank.
pub fn tr(lang: Lang, key: &str) -> &'static str {
    match STRINGS.binary_search_by(|(k, _, _)| (*k).cmp(key)) {
        Ok(i) => match (lang, STRINGS.get(i)) {
            (Lang::En, Some((_, en, _))) => en,
            (Lang::Ko, Some((_, _, ko))) => ko,
            (_, None) => "??",
        },
        Err(_) => "??",
    }
}

/// `{}` in a translated template replaced by `arg`, in order.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::new();
    let mut rest = template;
    let mut args = args.iter();
    while let Some(at) = rest.find("{}") {
        out.push_str(&rest[..at]);
        out.push_str(args.next().copied().unwrap_or(""));
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

/// (key, English, Korean), sorted by key (a test checks).
const STRINGS: &[(&str, &str, &str)] = &[
    ("banner.dismiss", "Dismiss", "닫기"),
    (
        "banner.drifted",
        "The session was rebuilt, but {} of its steps ran at a different time than recorded: this kubeplay's cluster may differ from the one that made it.",
        "세션을 다시 만들었지만 {}개 단계가 기록된 시각과 다르게 실행되었습니다. 처음 만든 클러스터와 다를 수 있습니다.",
    ),
    (
        "banner.export_done",
        "Downloaded {}: manifests, replay.sh and a README for kind, minikube or Docker Desktop.",
        "{} 파일을 내려받았습니다: 매니페스트, replay.sh, kind·minikube·Docker Desktop용 README.",
    ),
    (
        "banner.export_failed",
        "The export could not be downloaded: {}",
        "내보내기 파일을 내려받지 못했습니다: {}",
    ),
    (
        "banner.import_done",
        "Imported {} objects into a fresh cluster.",
        "새 클러스터에 오브젝트 {}개를 가져왔습니다.",
    ),
    (
        "banner.import_failed",
        "Nothing imported: {}",
        "가져오지 못했습니다: {}",
    ),
    (
        "banner.import_skipped",
        "Skipped {}: {}",
        "건너뜀 {}: {}",
    ),
    (
        "banner.link_bad",
        "This share link could not be opened ({}). You have a fresh cluster instead.",
        "공유 링크를 열 수 없습니다 ({}). 대신 새 클러스터로 시작합니다.",
    ),
    (
        "banner.link_opened",
        "Opened a shared cluster: seed {}, {} recorded steps replayed.",
        "공유된 클러스터를 열었습니다: 시드 {}, 기록된 단계 {}개를 다시 실행했습니다.",
    ),
    (
        "banner.restored",
        "Your cluster is back: {} recorded steps replayed.",
        "클러스터를 복원했습니다: 기록된 단계 {}개를 다시 실행했습니다.",
    ),
    (
        "banner.save_failed",
        "The browser refused to save this session ({}); it will be lost on reload. Copy a link to keep it.",
        "브라우저가 세션 저장을 거부했습니다 ({}). 새로고침하면 사라지니 링크를 복사해 두세요.",
    ),
    (
        "banner.stored_bad",
        "The saved session could not be restored ({}) and was cleared. You have a fresh cluster.",
        "저장된 세션을 복원할 수 없어 지웠습니다 ({}). 새 클러스터로 시작합니다.",
    ),
    ("clock.ff", "Fast-forward {}", "{} 빨리 감기"),
    ("clock.ff_group", "Fast-forward", "빨리 감기"),
    (
        "clock.ff_title",
        "Move the simulated clock forward {} (a step each frame)",
        "시뮬레이션 시계를 {} 앞으로 (프레임마다 조금씩)",
    ),
    ("clock.group", "Simulated clock", "시뮬레이션 시계"),
    ("clock.pause", "Pause clock", "시계 멈춤"),
    ("clock.play", "Play clock", "시계 재생"),
    ("clock.speed_group", "Clock speed", "시계 속도"),
    (
        "clock.speed_title",
        "Run the simulated clock at {}x",
        "시뮬레이션 시계를 {}배속으로",
    ),
    ("clock.time_title", "Cluster time {}", "클러스터 시각 {}"),
    ("lang.switch", "Language", "언어"),
    ("seed.chip", "seed {}", "시드 {}"),
    (
        "seed.title",
        "Names, IPs and ports all derive from the seed: the same seed and commands give the same cluster",
        "이름, IP, 포트는 모두 시드에서 정해집니다. 같은 시드와 같은 명령이면 같은 클러스터가 됩니다",
    ),
    ("session.cancel", "Cancel", "취소"),
    ("session.copied", "Link copied.", "링크를 복사했습니다."),
    (
        "session.copy_fallback",
        "Copy this link (the browser did not allow copying it for you):",
        "아래 링크를 복사하세요 (브라우저가 자동 복사를 허용하지 않았습니다):",
    ),
    ("session.copy_link", "Copy link", "링크 복사"),
    (
        "session.copy_link_title",
        "A link that rebuilds this exact cluster: the seed and every command, replayed",
        "이 클러스터를 그대로 다시 만드는 링크: 시드와 모든 명령을 다시 실행합니다",
    ),
    ("session.export", "Export", "내보내기"),
    (
        "session.export_title",
        "Download the manifests and a replay.sh for a real cluster (kind, minikube, Docker Desktop)",
        "실제 클러스터(kind, minikube, Docker Desktop)용 매니페스트와 replay.sh 내려받기",
    ),
    ("session.import", "Import", "가져오기"),
    (
        "session.import_go",
        "Import into a fresh cluster",
        "새 클러스터로 가져오기",
    ),
    (
        "session.import_help",
        "Paste the output of `kubectl get all,ingress,pvc -A -o yaml` from a real cluster to see its topology.",
        "실제 클러스터에서 `kubectl get all,ingress,pvc -A -o yaml` 출력을 붙여 넣으면 토폴로지를 볼 수 있습니다.",
    ),
    (
        "session.import_title",
        "See a real cluster's topology from `kubectl get ... -o yaml` output",
        "`kubectl get ... -o yaml` 출력으로 실제 클러스터의 토폴로지 보기",
    ),
    ("session.link_label", "Share link", "공유 링크"),
    ("session.new", "New cluster…", "새 클러스터…"),
    ("session.new_go", "Start", "시작"),
    (
        "session.new_title",
        "Start over with another seed (other names and IPs)",
        "다른 시드로 새로 시작 (이름과 IP가 달라집니다)",
    ),
    ("session.reset", "Reset", "초기화"),
    (
        "session.reset_title",
        "Start this cluster over from the beginning (same seed; your manifests stay)",
        "이 클러스터를 처음부터 다시 시작 (같은 시드, 매니페스트는 유지)",
    ),
    ("session.seed_label", "Seed", "시드"),
    ("topbar.actions", "Session", "세션"),
    (
        "topbar.subtitle",
        "Kubernetes v1.32, simulated in your browser",
        "브라우저 안에서 시뮬레이션하는 Kubernetes v1.32",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_sorted_unique_and_complete() {
        for w in STRINGS.windows(2) {
            assert!(w[0].0 < w[1].0, "{} before {}", w[0].0, w[1].0);
        }
        for (k, en, ko) in STRINGS {
            assert!(!en.is_empty() && !ko.is_empty(), "{k}");
            assert_eq!(en.matches("{}").count(), ko.matches("{}").count(), "{k}");
        }
    }

    #[test]
    fn looks_up_in_the_language() {
        assert_eq!(tr(Lang::En, "session.reset"), "Reset");
        assert_eq!(tr(Lang::Ko, "session.reset"), "초기화");
        assert_eq!(tr(Lang::Ko, "no.such.key"), "??");
        set_lang(Lang::Ko);
        assert_eq!(t("seed.chip"), "시드 {}");
        set_lang(Lang::En);
        assert_eq!(fill(t("seed.chip"), &["7"]), "seed 7");
        assert_eq!(fill("{} of {}", &["1"]), "1 of ");
    }

    #[test]
    fn reads_browser_language_tags() {
        assert_eq!(Lang::from_tag("ko-KR"), Lang::Ko);
        assert_eq!(Lang::from_tag("KO"), Lang::Ko);
        assert_eq!(Lang::from_tag("en-US"), Lang::En);
        assert_eq!(Lang::from_tag("kok"), Lang::En);
        assert_eq!(Lang::from_tag(""), Lang::En);
        assert_eq!(Lang::from_code("ko"), Some(Lang::Ko));
        assert_eq!(Lang::from_code("fr"), None);
    }
}
