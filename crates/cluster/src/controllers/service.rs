//! LoadBalancer Services' status, per profile (see `net::lb`): on Docker
//! Desktop the host's load balancer answers on `localhost`, so every
//! LoadBalancer Service gets `status.loadBalancer.ingress: [{hostname:
//! localhost}]` (kubectl shows EXTERNAL-IP `localhost`); minikube gives the
//! ClusterIP while its tunnel runs; a cloud gives a public IP once its load
//! balancer is provisioned; on-premises nothing does (`<pending>`). Other
//! types have an empty status.

use crate::meta::str_at;
use crate::Cluster;
use serde_json::json;

pub(crate) fn reconcile(c: &mut Cluster) {
    if c.profile == crate::Profile::Cloud {
        crate::net::lb::cloud_finalizers(c);
        crate::net::lb::forget_stale(c);
    }
    for (ns, name) in c.store.keys("services") {
        let Some(svc) = c.store.get("services", &ns, &name).cloned() else {
            continue;
        };
        let want = if str_at(&svc, "/spec/type") == "LoadBalancer" {
            crate::net::lb::wanted_status(c, &svc)
        } else {
            json!({})
        };
        if svc.pointer("/status/loadBalancer") != Some(&want) {
            let mut s = svc;
            crate::meta::set_path(&mut s, &["status", "loadBalancer"], want);
            c.put("services", s);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;
    use serde_json::json;

    #[test]
    fn load_balancers_answer_on_localhost() {
        let mut c = cluster();
        let mut s = service("lb", "web");
        s["spec"]["type"] = json!("LoadBalancer");
        s["spec"]["externalTrafficPolicy"] = json!("Local");
        let s = c.create(s, "default").unwrap();
        assert_eq!(
            s["status"]["loadBalancer"]["ingress"][0]["hostname"],
            "localhost"
        );
        assert!(s["spec"]["ports"][0]["nodePort"].as_i64().is_some());
        let hc = s["spec"]["healthCheckNodePort"].as_i64().unwrap();
        assert!((30000..=32767).contains(&hc));
        assert_eq!(s["spec"]["allocateLoadBalancerNodePorts"], true);
        let plain = c.create(service("plain", "web"), "default").unwrap();
        assert_eq!(plain["status"]["loadBalancer"], json!({}));
    }

    #[test]
    fn jobs_get_a_generated_selector() {
        let mut c = cluster();
        let job = json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi"},
            "spec": {"template": {"spec": {"containers": [{"name": "pi", "image": "perl"}], "restartPolicy": "Never"}}}});
        let j = c.create(job, "default").unwrap();
        let uid = j["metadata"]["uid"].as_str().unwrap();
        assert_eq!(
            j["spec"]["selector"]["matchLabels"]["batch.kubernetes.io/controller-uid"],
            uid
        );
        assert_eq!(
            j["spec"]["template"]["metadata"]["labels"]["job-name"],
            "pi"
        );
        assert_eq!(j["spec"]["backoffLimit"], 6);
        assert_eq!(j["spec"]["completions"], 1);
    }
}
