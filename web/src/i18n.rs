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
    let (_, en, ko) = entries().find(|(k, _, _)| *k == key)?;
    Some(match lang {
        Lang::En => en,
        Lang::Ko => ko,
    })
}

/// The table's (key, English, Korean) entries, in key order.
fn entries() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    STRINGS.lines().map(|line| {
        let mut f = line.splitn(3, '\t');
        let key = f.next().unwrap_or("");
        let en = f.next().unwrap_or("");
        (key, en, f.next().unwrap_or(""))
    })
}

/// Every key of the table (tests check each has both texts).
pub fn keys() -> impl Iterator<Item = &'static str> {
    entries().map(|(k, _, _)| k)
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

/// One entry a line: key, English, Korean, separated by tabs; sorted by
/// key (a test checks). One text rather than a table of (key, English,
/// Korean) `&str`s, whose pointers and lengths cost as much as the texts
/// in the bundle (BENCHMARKS.md, "Bundle").
const STRINGS: &str = "\
banner.dismiss\tDismiss\t닫기\n\
banner.drifted\tThe session was rebuilt, but {} of its steps ran at a different time than recorded: this kubeplay's cluster may differ from the one that made it.\t세션을 다시 만들었지만 {}개 단계가 기록된 시각과 다르게 실행되었습니다. 처음 만든 클러스터와 다를 수 있습니다.\n\
banner.export_done\tDownloaded {}: manifests, replay.sh and a README for kind, minikube or Docker Desktop.\t{} 파일을 내려받았습니다: 매니페스트, replay.sh, kind·minikube·Docker Desktop용 README.\n\
banner.export_failed\tThe export could not be downloaded: {}\t내보내기 파일을 내려받지 못했습니다: {}\n\
banner.import_done\tImported {} objects into a fresh cluster.\t새 클러스터에 오브젝트 {}개를 가져왔습니다.\n\
banner.import_failed\tNothing imported: {}\t가져오지 못했습니다: {}\n\
banner.import_skipped\tSkipped {}: {}\t건너뜀 {}: {}\n\
banner.link_bad\tThis share link could not be opened ({}). You have a fresh cluster instead.\t공유 링크를 열 수 없습니다 ({}). 대신 새 클러스터로 시작합니다.\n\
banner.link_opened\tOpened a shared cluster: seed {}, {} recorded steps replayed.\t공유된 클러스터를 열었습니다: 시드 {}, 기록된 단계 {}개를 다시 실행했습니다.\n\
banner.restored\tYour cluster is back: {} recorded steps replayed.\t클러스터를 복원했습니다: 기록된 단계 {}개를 다시 실행했습니다.\n\
banner.save_failed\tThe browser refused to save this session ({}); it will be lost on reload. Copy a link to keep it.\t브라우저가 세션 저장을 거부했습니다 ({}). 새로고침하면 사라지니 링크를 복사해 두세요.\n\
banner.stored_bad\tThe saved session could not be restored ({}) and was cleared. You have a fresh cluster.\t저장된 세션을 복원할 수 없어 지웠습니다 ({}). 새 클러스터로 시작합니다.\n\
browser.address\taddress bar\t주소창\n\
browser.advanced\tAdvanced\t고급\n\
browser.attackers\tAttackers might be trying to steal your information from {} (for example, passwords, messages, or credit cards).\t공격자가 {}에서 사용자의 정보(예: 비밀번호, 메시지, 신용카드 정보)를 도용하려고 시도 중일 수 있습니다.\n\
browser.back\tBack to safety\t안전한 페이지로 돌아가기\n\
browser.cert_detail\tThis server could not prove that it is {}; its security certificate is not trusted by your computer’s operating system. This may be caused by a misconfiguration or an attacker intercepting your connection.\t이 서버가 {}임을 입증할 수 없습니다. 서버의 보안 인증서를 컴퓨터의 운영체제에서 신뢰하지 않습니다. 잘못된 구성이나 공격자의 연결 가로채기 때문일 수 있습니다.\n\
browser.cert_k8s\tHere: the ingress-nginx controller answers with its self-signed “Kubernetes Ingress Controller Fake Certificate” (curl says: SSL certificate problem; curl -k skips the check).\t여기서는 ingress-nginx 컨트롤러가 자체 서명한 “Kubernetes Ingress Controller Fake Certificate” 로 응답합니다 (curl 은 SSL certificate problem 을 알리고, curl -k 는 검사를 건너뜁니다).\n\
browser.err_empty\t{} didn’t send any data.\t{}에서 전송한 데이터가 없습니다.\n\
browser.err_moved\tThe webpage at {} might be temporarily down or it may have moved permanently to a new web address.\t{}의 웹페이지가 일시적으로 다운되었거나 새 웹 주소로 영구적으로 이동했을 수 있습니다.\n\
browser.err_name\t{}’s server IP address could not be found.\t{}의 서버 IP 주소를 찾을 수 없습니다.\n\
browser.err_redirects\t{} redirected you too many times.\t{}에서 리디렉션한 횟수가 너무 많습니다.\n\
browser.err_refused\t{} refused to connect.\t{}에서 연결을 거부했습니다.\n\
browser.err_reset\tThe connection was reset.\t연결이 재설정되었습니다.\n\
browser.err_ssl\t{} sent an invalid response.\t{}에서 잘못된 응답을 전송했습니다.\n\
browser.err_timeout\t{} took too long to respond.\t{}에서 응답하는 데 시간이 너무 오래 걸립니다.\n\
browser.go\tGo\t이동\n\
browser.hide_advanced\tHide advanced\t고급 정보 숨기기\n\
browser.intro\tA browser on your machine: requests go from localhost into the cluster, and the topology shows their path.\t내 컴퓨터의 브라우저입니다. 요청은 localhost 에서 클러스터로 들어가고, 토폴로지에 그 경로가 표시됩니다.\n\
browser.no_secure\tThis site can’t provide a secure connection\t이 사이트는 보안 연결을 제공할 수 없습니다\n\
browser.not_private\tYour connection is not private\t연결이 비공개로 설정되어 있지 않습니다\n\
browser.not_secure\tNot secure\t주의 요함\n\
browser.not_working\tThis page isn’t working\t페이지가 작동하지 않습니다\n\
browser.page_title\tPage: {}\t페이지: {}\n\
browser.pane\tBrowser\t브라우저\n\
browser.proceed\tProceed to {} (unsafe)\t{}(으)로 이동(안전하지 않음)\n\
browser.proceeded_title\tCertificate not valid; you chose to proceed\t인증서가 유효하지 않지만 계속하기를 선택했습니다\n\
browser.reached\tThis site can’t be reached\t사이트에 연결할 수 없음\n\
browser.reload\tReload\t새로고침\n\
browser.unable\t{} is currently unable to handle this request.\t{}에서 현재 이 요청을 처리할 수 없습니다.\n\
clock.ff\tFast-forward {}\t{} 빨리 감기\n\
clock.ff_group\tFast-forward\t빨리 감기\n\
clock.ff_title\tMove the simulated clock forward {} (a step each frame)\t시뮬레이션 시계를 {} 앞으로 (프레임마다 조금씩)\n\
clock.group\tSimulated clock\t시뮬레이션 시계\n\
clock.pause\tPause clock\t시계 멈춤\n\
clock.play\tPlay clock\t시계 재생\n\
clock.speed_group\tClock speed\t시계 속도\n\
clock.speed_title\tRun the simulated clock at {}x\t시뮬레이션 시계를 {}배속으로\n\
clock.time_title\tCluster time {}\t클러스터 시각 {}\n\
editor.apply\tApply\tApply\n\
editor.close\tClose\t닫기\n\
editor.close_tab\tClose {}\t{} 닫기\n\
editor.empty\tNo files. Add one with +, paste a manifest, then Apply.\t파일이 없습니다. + 로 추가하고 매니페스트를 붙여 넣은 뒤 Apply 를 누르세요.\n\
editor.files\tFiles\t파일\n\
editor.label\tmanifest editor\t매니페스트 편집기\n\
editor.line\tline {}: {}\t{}번째 줄: {}\n\
editor.name_rule\tuse letters, digits, '.', '-' and '_' (up to 64)\t영문자, 숫자, '.', '-', '_' 만 쓸 수 있습니다 (64자까지)\n\
editor.name_taken\t{} already exists\t{} 파일이 이미 있습니다\n\
editor.new_file\tNew file\t새 파일\n\
editor.pane\tManifests\t매니페스트\n\
editor.rename\tRename {}\t{} 이름 바꾸기\n\
editor.rename_title\tDouble-click to rename\t두 번 클릭하면 이름을 바꿉니다\n\
editor.runs\truns \t실행: \n\
hint.ClaimPending\tclaim Pending\t클레임이 Pending\n\
hint.IngressBackendMissing\tbackend Service missing\t백엔드 서비스가 없음\n\
hint.IngressClassUnowned\tno controller for this class\t이 클래스를 맡은 컨트롤러가 없음\n\
hint.NoMatchingPods\tselector matches no pods\tselector 에 맞는 파드가 없음\n\
hint.NoReadyPods\tno ready pods\t준비된 파드가 없음\n\
hint.PodNoMatchingNode\tno node fits\t맞는 노드가 없음\n\
hint.PodTaint\tuntolerated taint\t허용하지 않은 taint\n\
hint.TargetPortNotListening\ttargetPort not listening\ttargetPort 에서 듣고 있지 않음\n\
import.by_cluster\tmade by the cluster\t클러스터가 만든 것\n\
import.by_controller\tmade by a controller\t컨트롤러가 만든 것\n\
import.empty\tthe text is empty\t내용이 비어 있습니다\n\
import.no_kind\tno kind, apiVersion or name\tkind, apiVersion 또는 name 이 없음\n\
import.owned\towned by another object\t다른 오브젝트가 소유함\n\
import.provisioned\tprovisioned for a claim\t클레임을 위해 프로비저닝됨\n\
import.system_ns\tsystem namespace\t시스템 네임스페이스\n\
import.too_big\tmore than {} MB\t{}MB 보다 큽니다\n\
import.too_many\tmore than {} objects\t오브젝트가 {}개보다 많습니다\n\
insp.close\tClose the inspector\t자세히 보기 닫기\n\
insp.close_title\tClose (Esc)\t닫기 (Esc)\n\
insp.events\tEvents\t이벤트\n\
insp.events_head\tEvents ({})\t이벤트 ({})\n\
insp.label\tInspector: {}\t자세히 보기: {}\n\
insp.related\tRelated objects\t관련 오브젝트\n\
insp.related_head\tRelated\t관련\n\
insp.why\tWhy\t원인\n\
lang.switch\tLanguage\t언어\n\
lesson.check_now\tCheck now\t지금 확인\n\
lesson.choose\tChoose a lesson…\t수업 고르기…\n\
lesson.commands\tCommands\t명령어\n\
lesson.complete\tEvery step is done!\t모든 단계를 마쳤습니다!\n\
lesson.done\tDone\t완료\n\
lesson.file_label\tlesson file\t수업 파일\n\
lesson.files\tFiles\t파일\n\
lesson.load\tLoad\t불러오기\n\
lesson.load_failed\tlesson {}: could not be loaded: {}\t수업 {}: 불러오지 못했습니다: {}\n\
lesson.next\tNext →\t다음 →\n\
lesson.no_builtin\tthere is no built-in lesson named \"{}\" (built in: {})\t\"{}\" 라는 내장 수업은 없습니다 (내장 수업: {})\n\
lesson.not_yet\tNot yet\t아직 완료되지 않음\n\
lesson.open_file\tOpen in the editor\t편집기에서 열기\n\
lesson.pane\tLesson\t수업\n\
lesson.paste\tPaste your own lesson\t직접 작성한 수업 붙여넣기\n\
lesson.paste_cmd\tPaste into the terminal\t터미널에 붙여넣기\n\
lesson.picker\tlesson picker\t수업 선택\n\
lesson.prev\t← Previous\t← 이전\n\
lesson.restart\tStart over\t처음부터\n\
lesson.run\tRun\t실행\n\
lesson.run_cmd\tRun in the terminal\t터미널에서 실행\n\
lesson.step\tStep\t단계\n\
lesson.steps\tSteps\t단계 목록\n\
lesson.steps_done\tsteps done\t마친 단계\n\
lesson.stored_damaged\tsaved lesson progress is damaged ({}); starting over\t저장된 수업 진행 상황이 손상되었습니다 ({}). 처음부터 시작합니다\n\
lesson.stored_version\tsaved lesson progress has version {}; starting over\t저장된 수업 진행 상황의 버전이 {}입니다. 처음부터 시작합니다\n\
lesson.wait\tTime to let pass\t기다릴 시간\n\
link.corrupt\tdamaged session data: {}\t손상된 세션 데이터: {}\n\
link.future\tmade by a newer kubeplay: session format {}, this page reads up to {}\t더 새로운 kubeplay 로 만든 것입니다: 세션 형식 {}, 이 페이지는 {}까지 읽습니다\n\
link.malformed\tnot a kubeplay session: {}\tkubeplay 세션이 아닙니다: {}\n\
rel.backend\tbackend\t백엔드\n\
rel.claim\tclaim\t볼륨 클레임\n\
rel.endpoint\tendpoint\t엔드포인트\n\
rel.ingress_rule\tingress rule\tIngress 규칙\n\
rel.owner\towner\t소유자\n\
rel.pod\tpod\t파드\n\
rel.ready\tready\t준비됨\n\
rel.runs_on\truns on\t실행 노드\n\
rel.selected_by\tselected by\t선택한 서비스\n\
rel.used_by\tused by\t사용하는 파드\n\
rel.volume\tvolume\t볼륨\n\
seed.chip\tseed {}\t시드 {}\n\
seed.title\tNames, IPs and ports all derive from the seed: the same seed and commands give the same cluster\t이름, IP, 포트는 모두 시드에서 정해집니다. 같은 시드와 같은 명령이면 같은 클러스터가 됩니다\n\
session.cancel\tCancel\t취소\n\
session.copied\tLink copied.\t링크를 복사했습니다.\n\
session.copy_fallback\tCopy this link (the browser did not allow copying it for you):\t아래 링크를 복사하세요 (브라우저가 자동 복사를 허용하지 않았습니다):\n\
session.copy_link\tCopy link\t링크 복사\n\
session.copy_link_title\tA link that rebuilds this exact cluster: the seed and every command, replayed\t이 클러스터를 그대로 다시 만드는 링크: 시드와 모든 명령을 다시 실행합니다\n\
session.export\tExport\t내보내기\n\
session.export_title\tDownload the manifests and a replay.sh for a real cluster (kind, minikube, Docker Desktop)\t실제 클러스터(kind, minikube, Docker Desktop)용 매니페스트와 replay.sh 내려받기\n\
session.import\tImport\t가져오기\n\
session.import_go\tImport into a fresh cluster\t새 클러스터로 가져오기\n\
session.import_help\tPaste the output of `kubectl get all,ingress,pvc -A -o yaml` from a real cluster to see its topology.\t실제 클러스터에서 `kubectl get all,ingress,pvc -A -o yaml` 출력을 붙여 넣으면 토폴로지를 볼 수 있습니다.\n\
session.import_title\tSee a real cluster's topology from `kubectl get ... -o yaml` output\t`kubectl get ... -o yaml` 출력으로 실제 클러스터의 토폴로지 보기\n\
session.link_label\tShare link\t공유 링크\n\
session.new\tNew cluster…\t새 클러스터…\n\
session.new_go\tStart\t시작\n\
session.new_title\tStart over with another seed (other names and IPs)\t다른 시드로 새로 시작 (이름과 IP가 달라집니다)\n\
session.reset\tReset\t초기화\n\
session.reset_title\tStart this cluster over from the beginning (same seed; your manifests stay)\t이 클러스터를 처음부터 다시 시작 (같은 시드, 매니페스트는 유지)\n\
session.seed_label\tSeed\t시드\n\
side.browser\tBrowser\t브라우저\n\
side.manifests\tManifests\t매니페스트\n\
side.switch\tSide pane\t보조 창\n\
term.input\tkubectl shell\tkubectl 셸\n\
term.keys\tTab complete · ↑↓ history · Ctrl+R search · Ctrl+L clear · Ctrl+C cancel\tTab 자동 완성 · ↑↓ 기록 · Ctrl+R 검색 · Ctrl+L 지우기 · Ctrl+C 취소\n\
term.pane\tTerminal\t터미널\n\
topbar.actions\tSession\t세션\n\
topbar.subtitle\tKubernetes v1.32, simulated in your browser\t브라우저 안에서 시뮬레이션하는 Kubernetes v1.32\n\
topo.all_namespaces\tall namespaces\t모든 네임스페이스\n\
topo.body\tTopology drawing: Tab moves between objects, Enter inspects, + and - zoom, arrows pan, 0 fits\t토폴로지 그림: Tab 으로 오브젝트 사이를 이동, Enter 로 자세히 보기, + 와 - 로 확대/축소, 화살표로 이동, 0 으로 맞춤\n\
topo.class\tclass {}\t클래스 {}\n\
topo.cron_title\tCronJob {}/{}, schedule {}{}: {}\tCronJob {}/{}, 일정 {}{}: {}\n\
topo.ctl_nginx\tingress-nginx controller\tingress-nginx 컨트롤러\n\
topo.ctl_none\tNo ingress controller\t인그레스 컨트롤러 없음\n\
topo.ctl_nowhere\tthese Ingresses route nowhere\t라우팅되지 않는 Ingress\n\
topo.ctl_title\tIngress controller {}/{} (pods: {}); IngressClass {}\t인그레스 컨트롤러 {}/{} (파드: {}); IngressClass {}\n\
topo.dns_title\tCluster DNS (CoreDNS behind the kube-dns Service): answers <service>.<namespace>.svc.cluster.local\t클러스터 DNS (kube-dns 서비스 뒤의 CoreDNS): <service>.<namespace>.svc.cluster.local 에 답합니다\n\
topo.edge_title\tService {}/{} -> pod {} ({})\t서비스 {}/{} -> 파드 {} ({})\n\
topo.endpoint\tendpoint\t엔드포인트\n\
topo.fit\tFit\t맞춤\n\
topo.fit_label\tFit to screen\t화면에 맞추기\n\
topo.fit_title\tFit to screen (0)\t화면에 맞추기 (0)\n\
topo.haproxy_empty\tno frontends: kubeplay haproxy add PORT:NODEPORT\t프론트엔드 없음: kubeplay haproxy add PORT:NODEPORT\n\
topo.haproxy_title\t{}: an HAProxy outside the cluster ({}), TCP mode, round robin over the nodes' node ports\t{}: 클러스터 바깥의 HAProxy ({}), TCP 모드, 노드들의 노드 포트로 라운드 로빈\n\
topo.hide\tHide\t숨기기\n\
topo.hide_hops\tHide the hops\t경로 숨기기\n\
topo.hide_request\tHide the last request\t마지막 요청 숨기기\n\
topo.hops\t{} hops\t{}단계\n\
topo.host_title\tlocalhost: your machine, outside the cluster (Docker Desktop forwards node ports to it)\tlocalhost: 클러스터 바깥의 내 컴퓨터 (Docker Desktop 이 노드 포트를 여기로 전달합니다)\n\
topo.job_at\t{} at {} {}\t{} {} {}\n\
topo.job_scheduled\tJob {} scheduled {}: {}\tJob {} ({} 예정): {}\n\
topo.large\tLarge text\t큰 글씨\n\
topo.large_title\tLarge text for projectors\t프로젝터용 큰 글씨\n\
topo.last_request\tLast request\t마지막 요청\n\
topo.lb_cloud\tthe cloud's load balancer, outside the cluster: it forwards to a healthy node's node port\t클러스터 바깥의 클라우드 로드 밸런서: 정상인 노드의 노드 포트로 전달합니다\n\
topo.lb_desktop\tDocker Desktop publishes it on localhost\tDocker Desktop 이 localhost 에 공개합니다\n\
topo.lb_label\tLoadBalancer {} of Service {}/{}\tLoadBalancer {} (서비스 {}/{})\n\
topo.lb_minikube\treached through minikube tunnel: the host routes the Service range to the node\tminikube tunnel 로 접근: 호스트가 서비스 대역을 노드로 라우팅합니다\n\
topo.lb_onprem\tno load-balancer implementation on premises: it stays <pending>; the HAProxy forwards to the node ports instead\t온프레미스에는 로드 밸런서 구현이 없어 <pending> 으로 남습니다. 대신 HAProxy 가 노드 포트로 전달합니다\n\
topo.lb_title\tLoadBalancer of Service {}/{}: {} ({}) -> node ports on every node\t서비스 {}/{} 의 LoadBalancer: {} ({}) -> 모든 노드의 노드 포트\n\
topo.legend\tLegend\t범례\n\
topo.link_ctl\tthe ingress controller runs in pod {}\t인그레스 컨트롤러가 파드 {}에서 실행됩니다\n\
topo.link_host\tfrom your machine to {}\t내 컴퓨터에서 {}(으)로\n\
topo.link_lb\t{} forwards to the node ports\t{}: 노드 포트로 전달합니다\n\
topo.link_route\tIngress {}/{} routes to its backend Service\tIngress {}/{}: 백엔드 서비스로 라우팅합니다\n\
topo.namespace\tNamespace\t네임스페이스\n\
topo.namespace_shown\tNamespace shown\t표시할 네임스페이스\n\
topo.next_at\tnext at {}\t다음 실행 {}\n\
topo.next_job_at\tnext Job at {}\t다음 Job {}\n\
topo.no_class\tno IngressClass\tIngressClass 없음\n\
topo.no_frontends\tno frontends\t프론트엔드 없음\n\
topo.no_node_yet\tno node yet\t아직 노드 없음\n\
topo.no_nodes\tNo nodes in this cluster.\t이 클러스터에는 노드가 없습니다.\n\
topo.no_owner\tno owner\t소유자 없음\n\
topo.no_pods\tno pods\t파드 없음\n\
topo.no_rules\tno Ingress rules yet: kubectl apply an Ingress\t아직 Ingress 규칙이 없습니다: Ingress 를 kubectl apply 하세요\n\
topo.no_service_503\t (no such Service: 503)\t (없는 서비스: 503)\n\
topo.no_services\tNo Services yet: kubectl expose deployment nginx --port 80\t아직 서비스가 없습니다: kubectl expose deployment nginx --port 80\n\
topo.node_title\tNode {} ({}), InternalIP {}, {}\t노드 {} ({}), InternalIP {}, {}\n\
topo.not_ready\tnot ready\t준비 안 됨\n\
topo.orphan_title\tIngresses whose class no running controller implements: nothing routes them\t실행 중인 컨트롤러가 맡지 않는 클래스의 Ingress: 아무도 라우팅하지 않습니다\n\
topo.pane\tTopology\t토폴로지\n\
topo.png_label\tDownload the topology as PNG\t토폴로지를 PNG 로 내려받기\n\
topo.png_title\tDownload PNG\tPNG 내려받기\n\
topo.pod_on\t, on {}\t, 노드 {}\n\
topo.pod_title\tPod {}/{}: {}\t파드 {}/{}: {}\n\
topo.ready_endpoint\tready endpoint\t준비된 엔드포인트\n\
topo.show_hops\tShow the hops\t경로 보기\n\
topo.stack_title\t{} pods of {} on {}: {}\t파드 {}개 ({}, 노드 {}): {}\n\
topo.suspended_dot\t · suspended\t · 일시 중지\n\
topo.suspended_paren\t (suspended)\t (일시 중지)\n\
topo.svc_title\tService {}/{} ({}), cluster IP {}, ports {}; endpoints: {} ready, {} not ready\t서비스 {}/{} ({}), 클러스터 IP {}, 포트 {}; 엔드포인트: 준비 {}개, 준비 안 됨 {}개\n\
topo.svg\tcluster topology\t클러스터 토폴로지\n\
topo.svg_label\tDownload the topology as SVG\t토폴로지를 SVG 로 내려받기\n\
topo.svg_title\tDownload SVG\tSVG 내려받기\n\
topo.system\tsystem namespaces\t시스템 네임스페이스\n\
topo.system_title\tkube-system, kube-public, kube-node-lease and the kubernetes Service\tkube-system, kube-public, kube-node-lease 와 kubernetes 서비스\n\
topo.tainted\ttainted NoSchedule\tNoSchedule taint\n\
topo.taints\t, taints: {}\t, taint: {}\n\
topo.theme_dark\tTheme: dark (click for light)\t테마: 어두움 (누르면 밝게)\n\
topo.theme_light\tTheme: light (click to follow the system)\t테마: 밝음 (누르면 시스템 설정을 따름)\n\
topo.theme_system\tTheme: follows the system (click for dark)\t테마: 시스템 설정을 따름 (누르면 어둡게)\n\
topo.tools\tTopology view\t토폴로지 보기\n\
topo.tunnel_running\trunning · {}\t실행 중 · {}\n\
topo.tunnel_stopped\tnot running: LoadBalancers stay <pending>\t실행 중이 아님: LoadBalancer 는 <pending> 으로 남습니다\n\
topo.unscheduled\tNot scheduled\t스케줄되지 않음\n\
topo.unscheduled_title\tPods the scheduler has not placed on a node yet\t스케줄러가 아직 노드에 배치하지 않은 파드\n\
topo.waiting_node\twaiting for a node\t노드를 기다리는 중\n\
topo.your_machine\tyour machine\t내 컴퓨터\n\
topo.zoom\tZoom\t확대/축소\n\
topo.zoom_in\tZoom in\t확대\n\
topo.zoom_in_title\tZoom in (+)\t확대 (+)\n\
topo.zoom_out\tZoom out\t축소\n\
topo.zoom_out_title\tZoom out (-)\t축소 (-)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_sorted_unique_and_complete() {
        let all: Vec<_> = entries().collect();
        assert!(all.len() > 200, "{}", all.len());
        for w in all.windows(2) {
            assert!(w[0].0 < w[1].0, "{} before {}", w[0].0, w[1].0);
        }
        for (k, en, ko) in all {
            assert!(!k.is_empty() && !k.contains(' '), "{k:?}");
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
