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

    /// `key` in this language (see [`tr`]).
    pub fn t(self, key: &str) -> &'static str {
        tr(self, key)
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
    lookup(lang, key).unwrap_or("??")
}

/// `key` in `lang`, `None` for a key the table does not have (for keys
/// made from data, e.g. a hint's code, that fall back to the data).
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    let i = STRINGS.binary_search_by(|(k, _, _)| (*k).cmp(key)).ok()?;
    STRINGS.get(i).map(|(_, en, ko)| match lang {
        Lang::En => *en,
        Lang::Ko => *ko,
    })
}

/// Every key of the table (tests check each has both texts).
pub fn keys() -> impl Iterator<Item = &'static str> {
    STRINGS.iter().map(|(k, _, _)| *k)
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
    ("banner.drifted", "The session was rebuilt, but {} of its steps ran at a different time than recorded: this kubeplay's cluster may differ from the one that made it.", "세션을 다시 만들었지만 {}개 단계가 기록된 시각과 다르게 실행되었습니다. 처음 만든 클러스터와 다를 수 있습니다."),
    ("banner.export_done", "Downloaded {}: manifests, replay.sh and a README for kind, minikube or Docker Desktop.", "{} 파일을 내려받았습니다: 매니페스트, replay.sh, kind·minikube·Docker Desktop용 README."),
    ("banner.export_failed", "The export could not be downloaded: {}", "내보내기 파일을 내려받지 못했습니다: {}"),
    ("banner.import_done", "Imported {} objects into a fresh cluster.", "새 클러스터에 오브젝트 {}개를 가져왔습니다."),
    ("banner.import_failed", "Nothing imported: {}", "가져오지 못했습니다: {}"),
    ("banner.import_skipped", "Skipped {}: {}", "건너뜀 {}: {}"),
    ("banner.link_bad", "This share link could not be opened ({}). You have a fresh cluster instead.", "공유 링크를 열 수 없습니다 ({}). 대신 새 클러스터로 시작합니다."),
    ("banner.link_opened", "Opened a shared cluster: seed {}, {} recorded steps replayed.", "공유된 클러스터를 열었습니다: 시드 {}, 기록된 단계 {}개를 다시 실행했습니다."),
    ("banner.restored", "Your cluster is back: {} recorded steps replayed.", "클러스터를 복원했습니다: 기록된 단계 {}개를 다시 실행했습니다."),
    ("banner.save_failed", "The browser refused to save this session ({}); it will be lost on reload. Copy a link to keep it.", "브라우저가 세션 저장을 거부했습니다 ({}). 새로고침하면 사라지니 링크를 복사해 두세요."),
    ("banner.stored_bad", "The saved session could not be restored ({}) and was cleared. You have a fresh cluster.", "저장된 세션을 복원할 수 없어 지웠습니다 ({}). 새 클러스터로 시작합니다."),
    ("browser.address", "address bar", "주소창"),
    ("browser.advanced", "Advanced", "고급"),
    ("browser.attackers", "Attackers might be trying to steal your information from {} (for example, passwords, messages, or credit cards).", "공격자가 {}에서 사용자의 정보(예: 비밀번호, 메시지, 신용카드 정보)를 도용하려고 시도 중일 수 있습니다."),
    ("browser.back", "Back to safety", "안전한 페이지로 돌아가기"),
    ("browser.cert_detail", "This server could not prove that it is {}; its security certificate is not trusted by your computer’s operating system. This may be caused by a misconfiguration or an attacker intercepting your connection.", "이 서버가 {}임을 입증할 수 없습니다. 서버의 보안 인증서를 컴퓨터의 운영체제에서 신뢰하지 않습니다. 잘못된 구성이나 공격자의 연결 가로채기 때문일 수 있습니다."),
    ("browser.cert_k8s", "Here: the ingress-nginx controller answers with its self-signed “Kubernetes Ingress Controller Fake Certificate” (curl says: SSL certificate problem; curl -k skips the check).", "여기서는 ingress-nginx 컨트롤러가 자체 서명한 “Kubernetes Ingress Controller Fake Certificate” 로 응답합니다 (curl 은 SSL certificate problem 을 알리고, curl -k 는 검사를 건너뜁니다)."),
    ("browser.err_empty", "{} didn’t send any data.", "{}에서 전송한 데이터가 없습니다."),
    ("browser.err_moved", "The webpage at {} might be temporarily down or it may have moved permanently to a new web address.", "{}의 웹페이지가 일시적으로 다운되었거나 새 웹 주소로 영구적으로 이동했을 수 있습니다."),
    ("browser.err_name", "{}’s server IP address could not be found.", "{}의 서버 IP 주소를 찾을 수 없습니다."),
    ("browser.err_redirects", "{} redirected you too many times.", "{}에서 리디렉션한 횟수가 너무 많습니다."),
    ("browser.err_refused", "{} refused to connect.", "{}에서 연결을 거부했습니다."),
    ("browser.err_reset", "The connection was reset.", "연결이 재설정되었습니다."),
    ("browser.err_ssl", "{} sent an invalid response.", "{}에서 잘못된 응답을 전송했습니다."),
    ("browser.err_timeout", "{} took too long to respond.", "{}에서 응답하는 데 시간이 너무 오래 걸립니다."),
    ("browser.go", "Go", "이동"),
    ("browser.hide_advanced", "Hide advanced", "고급 정보 숨기기"),
    ("browser.intro", "A browser on your machine: requests go from localhost into the cluster, and the topology shows their path.", "내 컴퓨터의 브라우저입니다. 요청은 localhost 에서 클러스터로 들어가고, 토폴로지에 그 경로가 표시됩니다."),
    ("browser.no_secure", "This site can’t provide a secure connection", "이 사이트는 보안 연결을 제공할 수 없습니다"),
    ("browser.not_private", "Your connection is not private", "연결이 비공개로 설정되어 있지 않습니다"),
    ("browser.not_secure", "Not secure", "주의 요함"),
    ("browser.not_working", "This page isn’t working", "페이지가 작동하지 않습니다"),
    ("browser.page_title", "Page: {}", "페이지: {}"),
    ("browser.pane", "Browser", "브라우저"),
    ("browser.proceed", "Proceed to {} (unsafe)", "{}(으)로 이동(안전하지 않음)"),
    ("browser.proceeded_title", "Certificate not valid; you chose to proceed", "인증서가 유효하지 않지만 계속하기를 선택했습니다"),
    ("browser.reached", "This site can’t be reached", "사이트에 연결할 수 없음"),
    ("browser.reload", "Reload", "새로고침"),
    ("browser.unable", "{} is currently unable to handle this request.", "{}에서 현재 이 요청을 처리할 수 없습니다."),
    ("clock.ff", "Fast-forward {}", "{} 빨리 감기"),
    ("clock.ff_group", "Fast-forward", "빨리 감기"),
    ("clock.ff_title", "Move the simulated clock forward {} (a step each frame)", "시뮬레이션 시계를 {} 앞으로 (프레임마다 조금씩)"),
    ("clock.group", "Simulated clock", "시뮬레이션 시계"),
    ("clock.pause", "Pause clock", "시계 멈춤"),
    ("clock.play", "Play clock", "시계 재생"),
    ("clock.speed_group", "Clock speed", "시계 속도"),
    ("clock.speed_title", "Run the simulated clock at {}x", "시뮬레이션 시계를 {}배속으로"),
    ("clock.time_title", "Cluster time {}", "클러스터 시각 {}"),
    ("editor.apply", "Apply", "Apply"),
    ("editor.close", "Close", "닫기"),
    ("editor.close_tab", "Close {}", "{} 닫기"),
    ("editor.empty", "No files. Add one with +, paste a manifest, then Apply.", "파일이 없습니다. + 로 추가하고 매니페스트를 붙여 넣은 뒤 Apply 를 누르세요."),
    ("editor.files", "Files", "파일"),
    ("editor.label", "manifest editor", "매니페스트 편집기"),
    ("editor.line", "line {}: {}", "{}번째 줄: {}"),
    ("editor.name_rule", "use letters, digits, '.', '-' and '_' (up to 64)", "영문자, 숫자, '.', '-', '_' 만 쓸 수 있습니다 (64자까지)"),
    ("editor.name_taken", "{} already exists", "{} 파일이 이미 있습니다"),
    ("editor.new_file", "New file", "새 파일"),
    ("editor.pane", "Manifests", "매니페스트"),
    ("editor.rename", "Rename {}", "{} 이름 바꾸기"),
    ("editor.rename_title", "Double-click to rename", "두 번 클릭하면 이름을 바꿉니다"),
    ("editor.runs", "runs ", "실행: "),
    ("hint.ClaimPending", "claim Pending", "클레임이 Pending"),
    ("hint.IngressBackendMissing", "backend Service missing", "백엔드 서비스가 없음"),
    ("hint.IngressClassUnowned", "no controller for this class", "이 클래스를 맡은 컨트롤러가 없음"),
    ("hint.NoMatchingPods", "selector matches no pods", "selector 에 맞는 파드가 없음"),
    ("hint.NoReadyPods", "no ready pods", "준비된 파드가 없음"),
    ("hint.PodNoMatchingNode", "no node fits", "맞는 노드가 없음"),
    ("hint.PodTaint", "untolerated taint", "허용하지 않은 taint"),
    ("hint.TargetPortNotListening", "targetPort not listening", "targetPort 에서 듣고 있지 않음"),
    ("import.by_cluster", "made by the cluster", "클러스터가 만든 것"),
    ("import.by_controller", "made by a controller", "컨트롤러가 만든 것"),
    ("import.empty", "the text is empty", "내용이 비어 있습니다"),
    ("import.no_kind", "no kind, apiVersion or name", "kind, apiVersion 또는 name 이 없음"),
    ("import.owned", "owned by another object", "다른 오브젝트가 소유함"),
    ("import.provisioned", "provisioned for a claim", "클레임을 위해 프로비저닝됨"),
    ("import.system_ns", "system namespace", "시스템 네임스페이스"),
    ("import.too_big", "more than {} MB", "{}MB 보다 큽니다"),
    ("import.too_many", "more than {} objects", "오브젝트가 {}개보다 많습니다"),
    ("insp.close", "Close the inspector", "자세히 보기 닫기"),
    ("insp.close_title", "Close (Esc)", "닫기 (Esc)"),
    ("insp.events", "Events", "이벤트"),
    ("insp.events_head", "Events ({})", "이벤트 ({})"),
    ("insp.label", "Inspector: {}", "자세히 보기: {}"),
    ("insp.related", "Related objects", "관련 오브젝트"),
    ("insp.related_head", "Related", "관련"),
    ("insp.why", "Why", "원인"),
    ("lang.switch", "Language", "언어"),
    ("lesson.check_now", "Check now", "지금 확인"),
    ("lesson.choose", "Choose a lesson…", "수업 고르기…"),
    ("lesson.commands", "Commands", "명령어"),
    ("lesson.complete", "Every step is done!", "모든 단계를 마쳤습니다!"),
    ("lesson.done", "Done", "완료"),
    ("lesson.file_label", "lesson file", "수업 파일"),
    ("lesson.files", "Files", "파일"),
    ("lesson.load", "Load", "불러오기"),
    ("lesson.load_failed", "lesson {}: could not be loaded: {}", "수업 {}: 불러오지 못했습니다: {}"),
    ("lesson.next", "Next →", "다음 →"),
    ("lesson.no_builtin", "there is no built-in lesson named \"{}\" (built in: {})", "\"{}\" 라는 내장 수업은 없습니다 (내장 수업: {})"),
    ("lesson.not_yet", "Not yet", "아직 완료되지 않음"),
    ("lesson.open_file", "Open in the editor", "편집기에서 열기"),
    ("lesson.pane", "Lesson", "수업"),
    ("lesson.paste", "Paste your own lesson", "직접 작성한 수업 붙여넣기"),
    ("lesson.paste_cmd", "Paste into the terminal", "터미널에 붙여넣기"),
    ("lesson.picker", "lesson picker", "수업 선택"),
    ("lesson.prev", "← Previous", "← 이전"),
    ("lesson.restart", "Start over", "처음부터"),
    ("lesson.run", "Run", "실행"),
    ("lesson.run_cmd", "Run in the terminal", "터미널에서 실행"),
    ("lesson.step", "Step", "단계"),
    ("lesson.steps", "Steps", "단계 목록"),
    ("lesson.steps_done", "steps done", "마친 단계"),
    ("lesson.stored_damaged", "saved lesson progress is damaged ({}); starting over", "저장된 수업 진행 상황이 손상되었습니다 ({}). 처음부터 시작합니다"),
    ("lesson.stored_version", "saved lesson progress has version {}; starting over", "저장된 수업 진행 상황의 버전이 {}입니다. 처음부터 시작합니다"),
    ("lesson.wait", "Time to let pass", "기다릴 시간"),
    ("link.corrupt", "damaged session data: {}", "손상된 세션 데이터: {}"),
    ("link.future", "made by a newer kubeplay: session format {}, this page reads up to {}", "더 새로운 kubeplay 로 만든 것입니다: 세션 형식 {}, 이 페이지는 {}까지 읽습니다"),
    ("link.malformed", "not a kubeplay session: {}", "kubeplay 세션이 아닙니다: {}"),
    ("rel.backend", "backend", "백엔드"),
    ("rel.claim", "claim", "볼륨 클레임"),
    ("rel.endpoint", "endpoint", "엔드포인트"),
    ("rel.ingress_rule", "ingress rule", "Ingress 규칙"),
    ("rel.owner", "owner", "소유자"),
    ("rel.pod", "pod", "파드"),
    ("rel.ready", "ready", "준비됨"),
    ("rel.runs_on", "runs on", "실행 노드"),
    ("rel.selected_by", "selected by", "선택한 서비스"),
    ("rel.used_by", "used by", "사용하는 파드"),
    ("rel.volume", "volume", "볼륨"),
    ("seed.chip", "seed {}", "시드 {}"),
    ("seed.title", "Names, IPs and ports all derive from the seed: the same seed and commands give the same cluster", "이름, IP, 포트는 모두 시드에서 정해집니다. 같은 시드와 같은 명령이면 같은 클러스터가 됩니다"),
    ("session.cancel", "Cancel", "취소"),
    ("session.copied", "Link copied.", "링크를 복사했습니다."),
    ("session.copy_fallback", "Copy this link (the browser did not allow copying it for you):", "아래 링크를 복사하세요 (브라우저가 자동 복사를 허용하지 않았습니다):"),
    ("session.copy_link", "Copy link", "링크 복사"),
    ("session.copy_link_title", "A link that rebuilds this exact cluster: the seed and every command, replayed", "이 클러스터를 그대로 다시 만드는 링크: 시드와 모든 명령을 다시 실행합니다"),
    ("session.export", "Export", "내보내기"),
    ("session.export_title", "Download the manifests and a replay.sh for a real cluster (kind, minikube, Docker Desktop)", "실제 클러스터(kind, minikube, Docker Desktop)용 매니페스트와 replay.sh 내려받기"),
    ("session.import", "Import", "가져오기"),
    ("session.import_go", "Import into a fresh cluster", "새 클러스터로 가져오기"),
    ("session.import_help", "Paste the output of `kubectl get all,ingress,pvc -A -o yaml` from a real cluster to see its topology.", "실제 클러스터에서 `kubectl get all,ingress,pvc -A -o yaml` 출력을 붙여 넣으면 토폴로지를 볼 수 있습니다."),
    ("session.import_title", "See a real cluster's topology from `kubectl get ... -o yaml` output", "`kubectl get ... -o yaml` 출력으로 실제 클러스터의 토폴로지 보기"),
    ("session.link_label", "Share link", "공유 링크"),
    ("session.new", "New cluster…", "새 클러스터…"),
    ("session.new_go", "Start", "시작"),
    ("session.new_title", "Start over with another seed (other names and IPs)", "다른 시드로 새로 시작 (이름과 IP가 달라집니다)"),
    ("session.reset", "Reset", "초기화"),
    ("session.reset_title", "Start this cluster over from the beginning (same seed; your manifests stay)", "이 클러스터를 처음부터 다시 시작 (같은 시드, 매니페스트는 유지)"),
    ("session.seed_label", "Seed", "시드"),
    ("side.browser", "Browser", "브라우저"),
    ("side.manifests", "Manifests", "매니페스트"),
    ("side.switch", "Side pane", "보조 창"),
    ("term.input", "kubectl shell", "kubectl 셸"),
    ("term.keys", "Tab complete · ↑↓ history · Ctrl+R search · Ctrl+L clear · Ctrl+C cancel", "Tab 자동 완성 · ↑↓ 기록 · Ctrl+R 검색 · Ctrl+L 지우기 · Ctrl+C 취소"),
    ("term.pane", "Terminal", "터미널"),
    ("topbar.actions", "Session", "세션"),
    ("topbar.subtitle", "Kubernetes v1.32, simulated in your browser", "브라우저 안에서 시뮬레이션하는 Kubernetes v1.32"),
    ("topo.all_namespaces", "all namespaces", "모든 네임스페이스"),
    ("topo.body", "Topology drawing: Tab moves between objects, Enter inspects, + and - zoom, arrows pan, 0 fits", "토폴로지 그림: Tab 으로 오브젝트 사이를 이동, Enter 로 자세히 보기, + 와 - 로 확대/축소, 화살표로 이동, 0 으로 맞춤"),
    ("topo.class", "class {}", "클래스 {}"),
    ("topo.cron_title", "CronJob {}/{}, schedule {}{}: {}", "CronJob {}/{}, 일정 {}{}: {}"),
    ("topo.ctl_nginx", "ingress-nginx controller", "ingress-nginx 컨트롤러"),
    ("topo.ctl_none", "No ingress controller", "인그레스 컨트롤러 없음"),
    ("topo.ctl_nowhere", "these Ingresses route nowhere", "라우팅되지 않는 Ingress"),
    ("topo.ctl_title", "Ingress controller {}/{} (pods: {}); IngressClass {}", "인그레스 컨트롤러 {}/{} (파드: {}); IngressClass {}"),
    ("topo.dns_title", "Cluster DNS (CoreDNS behind the kube-dns Service): answers <service>.<namespace>.svc.cluster.local", "클러스터 DNS (kube-dns 서비스 뒤의 CoreDNS): <service>.<namespace>.svc.cluster.local 에 답합니다"),
    ("topo.edge_title", "Service {}/{} -> pod {} ({})", "서비스 {}/{} -> 파드 {} ({})"),
    ("topo.endpoint", "endpoint", "엔드포인트"),
    ("topo.fit", "Fit", "맞춤"),
    ("topo.fit_label", "Fit to screen", "화면에 맞추기"),
    ("topo.fit_title", "Fit to screen (0)", "화면에 맞추기 (0)"),
    ("topo.haproxy_empty", "no frontends: kubeplay haproxy add PORT:NODEPORT", "프론트엔드 없음: kubeplay haproxy add PORT:NODEPORT"),
    ("topo.haproxy_title", "{}: an HAProxy outside the cluster ({}), TCP mode, round robin over the nodes' node ports", "{}: 클러스터 바깥의 HAProxy ({}), TCP 모드, 노드들의 노드 포트로 라운드 로빈"),
    ("topo.hide", "Hide", "숨기기"),
    ("topo.hide_hops", "Hide the hops", "경로 숨기기"),
    ("topo.hide_request", "Hide the last request", "마지막 요청 숨기기"),
    ("topo.hops", "{} hops", "{}단계"),
    ("topo.host_title", "localhost: your machine, outside the cluster (Docker Desktop forwards node ports to it)", "localhost: 클러스터 바깥의 내 컴퓨터 (Docker Desktop 이 노드 포트를 여기로 전달합니다)"),
    ("topo.job_at", "{} at {} {}", "{} {} {}"),
    ("topo.job_scheduled", "Job {} scheduled {}: {}", "Job {} ({} 예정): {}"),
    ("topo.large", "Large text", "큰 글씨"),
    ("topo.large_title", "Large text for projectors", "프로젝터용 큰 글씨"),
    ("topo.last_request", "Last request", "마지막 요청"),
    ("topo.lb_cloud", "the cloud's load balancer, outside the cluster: it forwards to a healthy node's node port", "클러스터 바깥의 클라우드 로드 밸런서: 정상인 노드의 노드 포트로 전달합니다"),
    ("topo.lb_desktop", "Docker Desktop publishes it on localhost", "Docker Desktop 이 localhost 에 공개합니다"),
    ("topo.lb_label", "LoadBalancer {} of Service {}/{}", "LoadBalancer {} (서비스 {}/{})"),
    ("topo.lb_minikube", "reached through minikube tunnel: the host routes the Service range to the node", "minikube tunnel 로 접근: 호스트가 서비스 대역을 노드로 라우팅합니다"),
    ("topo.lb_onprem", "no load-balancer implementation on premises: it stays <pending>; the HAProxy forwards to the node ports instead", "온프레미스에는 로드 밸런서 구현이 없어 <pending> 으로 남습니다. 대신 HAProxy 가 노드 포트로 전달합니다"),
    ("topo.lb_title", "LoadBalancer of Service {}/{}: {} ({}) -> node ports on every node", "서비스 {}/{} 의 LoadBalancer: {} ({}) -> 모든 노드의 노드 포트"),
    ("topo.legend", "Legend", "범례"),
    ("topo.link_ctl", "the ingress controller runs in pod {}", "인그레스 컨트롤러가 파드 {}에서 실행됩니다"),
    ("topo.link_host", "from your machine to {}", "내 컴퓨터에서 {}(으)로"),
    ("topo.link_lb", "{} forwards to the node ports", "{}: 노드 포트로 전달합니다"),
    ("topo.link_route", "Ingress {}/{} routes to its backend Service", "Ingress {}/{}: 백엔드 서비스로 라우팅합니다"),
    ("topo.namespace", "Namespace", "네임스페이스"),
    ("topo.namespace_shown", "Namespace shown", "표시할 네임스페이스"),
    ("topo.next_at", "next at {}", "다음 실행 {}"),
    ("topo.next_job_at", "next Job at {}", "다음 Job {}"),
    ("topo.no_class", "no IngressClass", "IngressClass 없음"),
    ("topo.no_frontends", "no frontends", "프론트엔드 없음"),
    ("topo.no_node_yet", "no node yet", "아직 노드 없음"),
    ("topo.no_nodes", "No nodes in this cluster.", "이 클러스터에는 노드가 없습니다."),
    ("topo.no_owner", "no owner", "소유자 없음"),
    ("topo.no_pods", "no pods", "파드 없음"),
    ("topo.no_rules", "no Ingress rules yet: kubectl apply an Ingress", "아직 Ingress 규칙이 없습니다: Ingress 를 kubectl apply 하세요"),
    ("topo.no_service_503", " (no such Service: 503)", " (없는 서비스: 503)"),
    ("topo.no_services", "No Services yet: kubectl expose deployment nginx --port 80", "아직 서비스가 없습니다: kubectl expose deployment nginx --port 80"),
    ("topo.node_title", "Node {} ({}), InternalIP {}, {}", "노드 {} ({}), InternalIP {}, {}"),
    ("topo.not_ready", "not ready", "준비 안 됨"),
    ("topo.orphan_title", "Ingresses whose class no running controller implements: nothing routes them", "실행 중인 컨트롤러가 맡지 않는 클래스의 Ingress: 아무도 라우팅하지 않습니다"),
    ("topo.pane", "Topology", "토폴로지"),
    ("topo.png_label", "Download the topology as PNG", "토폴로지를 PNG 로 내려받기"),
    ("topo.png_title", "Download PNG", "PNG 내려받기"),
    ("topo.pod_on", ", on {}", ", 노드 {}"),
    ("topo.pod_title", "Pod {}/{}: {}", "파드 {}/{}: {}"),
    ("topo.ready_endpoint", "ready endpoint", "준비된 엔드포인트"),
    ("topo.show_hops", "Show the hops", "경로 보기"),
    ("topo.stack_title", "{} pods of {} on {}: {}", "파드 {}개 ({}, 노드 {}): {}"),
    ("topo.suspended_dot", " · suspended", " · 일시 중지"),
    ("topo.suspended_paren", " (suspended)", " (일시 중지)"),
    ("topo.svc_title", "Service {}/{} ({}), cluster IP {}, ports {}; endpoints: {} ready, {} not ready", "서비스 {}/{} ({}), 클러스터 IP {}, 포트 {}; 엔드포인트: 준비 {}개, 준비 안 됨 {}개"),
    ("topo.svg", "cluster topology", "클러스터 토폴로지"),
    ("topo.svg_label", "Download the topology as SVG", "토폴로지를 SVG 로 내려받기"),
    ("topo.svg_title", "Download SVG", "SVG 내려받기"),
    ("topo.system", "system namespaces", "시스템 네임스페이스"),
    ("topo.system_title", "kube-system, kube-public, kube-node-lease and the kubernetes Service", "kube-system, kube-public, kube-node-lease 와 kubernetes 서비스"),
    ("topo.tainted", "tainted NoSchedule", "NoSchedule taint"),
    ("topo.taints", ", taints: {}", ", taint: {}"),
    ("topo.theme_dark", "Theme: dark (click for light)", "테마: 어두움 (누르면 밝게)"),
    ("topo.theme_light", "Theme: light (click to follow the system)", "테마: 밝음 (누르면 시스템 설정을 따름)"),
    ("topo.theme_system", "Theme: follows the system (click for dark)", "테마: 시스템 설정을 따름 (누르면 어둡게)"),
    ("topo.tools", "Topology view", "토폴로지 보기"),
    ("topo.tunnel_running", "running · {}", "실행 중 · {}"),
    ("topo.tunnel_stopped", "not running: LoadBalancers stay <pending>", "실행 중이 아님: LoadBalancer 는 <pending> 으로 남습니다"),
    ("topo.unscheduled", "Not scheduled", "스케줄되지 않음"),
    ("topo.unscheduled_title", "Pods the scheduler has not placed on a node yet", "스케줄러가 아직 노드에 배치하지 않은 파드"),
    ("topo.waiting_node", "waiting for a node", "노드를 기다리는 중"),
    ("topo.your_machine", "your machine", "내 컴퓨터"),
    ("topo.zoom", "Zoom", "확대/축소"),
    ("topo.zoom_in", "Zoom in", "확대"),
    ("topo.zoom_in_title", "Zoom in (+)", "확대 (+)"),
    ("topo.zoom_out", "Zoom out", "축소"),
    ("topo.zoom_out_title", "Zoom out (-)", "축소 (-)"),
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

    /// Every key the sources look up (`t("...")`, `tr(lang, "...")`,
    /// `lang.t("...")`) is in the table, so no label shows `??`.
    #[test]
    fn every_key_used_in_the_sources_exists() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        assert!(files.len() > 10, "{files:?}");
        let mut used = 0;
        // This file's own tests and comments name keys as examples.
        for f in files.into_iter().filter(|f| !f.ends_with("i18n.rs")) {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            for opener in ["t(\"", "tr(lang, \"", "tr(Lang::En, \"", "tr(Lang::Ko, \""] {
                for (at, _) in text.match_indices(opener) {
                    // `t(` itself, `lang.t(` or `ui_t(`, not `closest(`.
                    let before = &text[..at];
                    let word = before
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_');
                    if word && !before.ends_with("ui_") {
                        continue;
                    }
                    let rest = &text[at + opener.len()..];
                    let key = rest.split('"').next().unwrap_or("");
                    // `t("...")` of other helpers take sentences, not keys.
                    if key.is_empty() || key.contains(' ') || !key.contains('.') {
                        continue;
                    }
                    used += 1;
                    assert!(
                        lookup(Lang::En, key).is_some(),
                        "{}: key {key:?} is not in i18n's table",
                        f.display()
                    );
                }
            }
        }
        assert!(used > 100, "only {used} keys found in the sources");
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
