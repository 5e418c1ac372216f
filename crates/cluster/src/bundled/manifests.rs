//! Our own ingress-nginx controller-v1.5.1 manifests, written to create the
//! same objects as the upstream `deploy/static/provider/{cloud,baremetal,kind}/deploy.yaml`
//! of that tag (kinds, names, namespaces, labels, ports, args, images).
//! The three variants share every object but the controller's Service and
//! Deployment; they are assembled at compile time from the pieces below.

/// `metadata.labels` of an object, at the indentation of a top-level
/// object's metadata, with or without a component.
macro_rules! labels {
    () => {
        "  labels:\n    app.kubernetes.io/instance: ingress-nginx\n    app.kubernetes.io/name: ingress-nginx\n    app.kubernetes.io/part-of: ingress-nginx\n    app.kubernetes.io/version: 1.5.1\n"
    };
    ($component:literal) => {
        concat!(
            "  labels:\n    app.kubernetes.io/component: ",
            $component,
            "\n    app.kubernetes.io/instance: ingress-nginx\n    app.kubernetes.io/name: ingress-nginx\n    app.kubernetes.io/part-of: ingress-nginx\n    app.kubernetes.io/version: 1.5.1\n"
        )
    };
}

/// The selector labels of the controller's pods (indent as given).
macro_rules! controller_selector {
    ($indent:literal) => {
        concat!(
            $indent,
            "app.kubernetes.io/component: controller\n",
            $indent,
            "app.kubernetes.io/instance: ingress-nginx\n",
            $indent,
            "app.kubernetes.io/name: ingress-nginx\n"
        )
    };
}

/// Everything before the controller's Service: namespace, service
/// accounts, RBAC, the controller's ConfigMap.
macro_rules! head {
    () => {
        concat!(
            "# ingress-nginx controller-v1.5.1, as bundled with kubeplay.
kind: Namespace
apiVersion: v1
metadata:
  name: ingress-nginx
  labels:
    app.kubernetes.io/instance: ingress-nginx
    app.kubernetes.io/name: ingress-nginx
---
kind: ServiceAccount
apiVersion: v1
metadata:
  name: ingress-nginx
  namespace: ingress-nginx
",
            labels!("controller"),
            "automountServiceAccountToken: true
---
kind: ServiceAccount
apiVersion: v1
metadata:
  name: ingress-nginx-admission
  namespace: ingress-nginx
",
            labels!("admission-webhook"),
            "---
# What the controller may read and write in its own namespace.
kind: Role
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: ingress-nginx
  namespace: ingress-nginx
",
            labels!("controller"),
            "rules:
- apiGroups: [\"\"]
  resources: [namespaces]
  verbs: [get]
- apiGroups: [\"\"]
  resources: [configmaps, pods, secrets, endpoints]
  verbs: [get, list, watch]
- apiGroups: [\"\"]
  resources: [services]
  verbs: [get, list, watch]
- apiGroups: [networking.k8s.io]
  resources: [ingresses]
  verbs: [get, list, watch]
- apiGroups: [networking.k8s.io]
  resources: [ingresses/status]
  verbs: [update]
- apiGroups: [networking.k8s.io]
  resources: [ingressclasses]
  verbs: [get, list, watch]
- apiGroups: [\"\"]
  resourceNames: [ingress-nginx-leader]
  resources: [configmaps]
  verbs: [get, update]
- apiGroups: [\"\"]
  resources: [configmaps]
  verbs: [create]
- apiGroups: [coordination.k8s.io]
  resourceNames: [ingress-nginx-leader]
  resources: [leases]
  verbs: [get, update]
- apiGroups: [coordination.k8s.io]
  resources: [leases]
  verbs: [create]
- apiGroups: [\"\"]
  resources: [events]
  verbs: [create, patch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [list, watch, get]
---
kind: Role
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: ingress-nginx-admission
  namespace: ingress-nginx
",
            labels!("admission-webhook"),
            "rules:
- apiGroups: [\"\"]
  resources: [secrets]
  verbs: [get, create]
---
# What the controller may read cluster-wide.
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: ingress-nginx
",
            labels!(),
            "rules:
- apiGroups: [\"\"]
  resources: [configmaps, endpoints, nodes, pods, secrets, namespaces]
  verbs: [list, watch]
- apiGroups: [coordination.k8s.io]
  resources: [leases]
  verbs: [list, watch]
- apiGroups: [\"\"]
  resources: [nodes]
  verbs: [get]
- apiGroups: [\"\"]
  resources: [services]
  verbs: [get, list, watch]
- apiGroups: [networking.k8s.io]
  resources: [ingresses]
  verbs: [get, list, watch]
- apiGroups: [\"\"]
  resources: [events]
  verbs: [create, patch]
- apiGroups: [networking.k8s.io]
  resources: [ingresses/status]
  verbs: [update]
- apiGroups: [networking.k8s.io]
  resources: [ingressclasses]
  verbs: [get, list, watch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [list, watch, get]
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: ingress-nginx-admission
",
            labels!("admission-webhook"),
            "rules:
- apiGroups: [admissionregistration.k8s.io]
  resources: [validatingwebhookconfigurations]
  verbs: [get, update]
---
kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: ingress-nginx
  namespace: ingress-nginx
",
            labels!("controller"),
            "roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: ingress-nginx
subjects:
- kind: ServiceAccount
  name: ingress-nginx
  namespace: ingress-nginx
---
kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: ingress-nginx-admission
  namespace: ingress-nginx
",
            labels!("admission-webhook"),
            "roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: ingress-nginx-admission
subjects:
- kind: ServiceAccount
  name: ingress-nginx-admission
  namespace: ingress-nginx
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: ingress-nginx
",
            labels!(),
            "roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ingress-nginx
subjects:
- kind: ServiceAccount
  name: ingress-nginx
  namespace: ingress-nginx
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: ingress-nginx-admission
",
            labels!("admission-webhook"),
            "roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ingress-nginx-admission
subjects:
- kind: ServiceAccount
  name: ingress-nginx-admission
  namespace: ingress-nginx
---
kind: ConfigMap
apiVersion: v1
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
",
            labels!("controller"),
            "data:
  allow-snippet-annotations: \"true\"
---
"
        )
    };
}

/// The controller's Service: `LoadBalancer` with `externalTrafficPolicy:
/// Local` (cloud) or `NodePort` (baremetal, kind).
macro_rules! controller_service {
    ($type_lines:literal) => {
        concat!(
            "kind: Service
apiVersion: v1
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
",
            labels!("controller"),
            "spec:
",
            $type_lines,
            "  ipFamilies: [IPv4]
  ipFamilyPolicy: SingleStack
  selector:
",
            controller_selector!("    "),
            "  ports:
  - name: http
    appProtocol: http
    protocol: TCP
    port: 80
    targetPort: http
  - name: https
    appProtocol: https
    protocol: TCP
    port: 443
    targetPort: https
---
kind: Service
apiVersion: v1
metadata:
  name: ingress-nginx-controller-admission
  namespace: ingress-nginx
",
            labels!("controller"),
            "spec:
  type: ClusterIP
  selector:
",
            controller_selector!("    "),
            "  ports:
  - name: https-webhook
    appProtocol: https
    port: 443
    targetPort: webhook
---
"
        )
    };
}

/// The controller's Deployment. `$strategy`: extra spec lines; `$args`:
/// the flags between `/nginx-ingress-controller` and `--election-id`
/// and after `--validating-webhook-key`; `$ports`: hostPort lines;
/// `$pod_tail`: node selector and scheduling lines.
macro_rules! controller_deployment {
    ($strategy:literal, $publish:literal, $extra_args:literal, $http_host:literal, $https_host:literal, $node_selector:literal, $grace_and_tolerations:literal) => {
        concat!(
"kind: Deployment
apiVersion: apps/v1
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
", labels!("controller"), "spec:
  minReadySeconds: 0
  revisionHistoryLimit: 10
", $strategy, "  selector:
    matchLabels:
", controller_selector!("      "), "  template:
    metadata:
      labels:
", controller_selector!("        "), "    spec:
      serviceAccountName: ingress-nginx
      dnsPolicy: ClusterFirst
      nodeSelector:
", $node_selector, $grace_and_tolerations, "      volumes:
      - name: webhook-cert
        secret:
          secretName: ingress-nginx-admission
      containers:
      - name: controller
        image: registry.k8s.io/ingress-nginx/controller:v1.5.1@sha256:4ba73c697770664c1e00e9f968de14e08f606ff961c76e5d7033a4a9c593c629
        imagePullPolicy: IfNotPresent
        args:
        - /nginx-ingress-controller
", $publish, "        - --election-id=ingress-nginx-leader
        - --controller-class=k8s.io/ingress-nginx
        - --ingress-class=nginx
        - --configmap=$(POD_NAMESPACE)/ingress-nginx-controller
        - --validating-webhook=:8443
        - --validating-webhook-certificate=/usr/local/certificates/cert
        - --validating-webhook-key=/usr/local/certificates/key
", $extra_args, "        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        - name: LD_PRELOAD
          value: /usr/local/lib/libmimalloc.so
        ports:
        - name: http
          containerPort: 80
", $http_host, "          protocol: TCP
        - name: https
          containerPort: 443
", $https_host, "          protocol: TCP
        - name: webhook
          containerPort: 8443
          protocol: TCP
        livenessProbe:
          httpGet:
            path: /healthz
            port: 10254
            scheme: HTTP
          initialDelaySeconds: 10
          periodSeconds: 10
          timeoutSeconds: 1
          successThreshold: 1
          failureThreshold: 5
        readinessProbe:
          httpGet:
            path: /healthz
            port: 10254
            scheme: HTTP
          initialDelaySeconds: 10
          periodSeconds: 10
          timeoutSeconds: 1
          successThreshold: 1
          failureThreshold: 3
        lifecycle:
          preStop:
            exec:
              command: [/wait-shutdown]
        resources:
          requests:
            cpu: 100m
            memory: 90Mi
        securityContext:
          runAsUser: 101
          allowPrivilegeEscalation: true
          capabilities:
            drop: [ALL]
            add: [NET_BIND_SERVICE]
        volumeMounts:
        - name: webhook-cert
          mountPath: /usr/local/certificates/
          readOnly: true
---
")
    };
}

/// One admission Job running kube-webhook-certgen with `$args`.
macro_rules! certgen_job {
    ($name:literal, $container:literal, $args:literal) => {
        concat!(
"kind: Job
apiVersion: batch/v1
metadata:
  name: ", $name, "
  namespace: ingress-nginx
", labels!("admission-webhook"), "spec:
  template:
    metadata:
      name: ", $name, "
      labels:
        app.kubernetes.io/component: admission-webhook
        app.kubernetes.io/instance: ingress-nginx
        app.kubernetes.io/name: ingress-nginx
        app.kubernetes.io/part-of: ingress-nginx
        app.kubernetes.io/version: 1.5.1
    spec:
      serviceAccountName: ingress-nginx-admission
      restartPolicy: OnFailure
      nodeSelector:
        kubernetes.io/os: linux
      securityContext:
        fsGroup: 2000
        runAsNonRoot: true
        runAsUser: 2000
      containers:
      - name: ", $container, "
        image: registry.k8s.io/ingress-nginx/kube-webhook-certgen:v20220916-gd32f8c343@sha256:39c5b2e3310dc4264d638ad28d9d1d96c4cbb2b2dcfb52368fe4e3c63f61e10f
        imagePullPolicy: IfNotPresent
        args:
", $args, "        env:
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        securityContext:
          allowPrivilegeEscalation: false
---
")
    };
}

/// The two Jobs, the IngressClass and the admission webhook.
macro_rules! tail {
    () => {
        concat!(
            certgen_job!(
                "ingress-nginx-admission-create",
                "create",
                "        - create
        - --host=ingress-nginx-controller-admission,ingress-nginx-controller-admission.$(POD_NAMESPACE).svc
        - --namespace=$(POD_NAMESPACE)
        - --secret-name=ingress-nginx-admission
"
            ),
            certgen_job!(
                "ingress-nginx-admission-patch",
                "patch",
                "        - patch
        - --webhook-name=ingress-nginx-admission
        - --namespace=$(POD_NAMESPACE)
        - --patch-mutating=false
        - --secret-name=ingress-nginx-admission
        - --patch-failure-policy=Fail
"
            ),
"kind: IngressClass
apiVersion: networking.k8s.io/v1
metadata:
  name: nginx
", labels!("controller"), "spec:
  controller: k8s.io/ingress-nginx
---
kind: ValidatingWebhookConfiguration
apiVersion: admissionregistration.k8s.io/v1
metadata:
  name: ingress-nginx-admission
", labels!("admission-webhook"), "webhooks:
- name: validate.nginx.ingress.kubernetes.io
  admissionReviewVersions: [v1]
  matchPolicy: Equivalent
  failurePolicy: Fail
  sideEffects: None
  clientConfig:
    service:
      namespace: ingress-nginx
      name: ingress-nginx-controller-admission
      path: /networking/v1/ingresses
  rules:
  - apiGroups: [networking.k8s.io]
    apiVersions: [v1]
    operations: [CREATE, UPDATE]
    resources: [ingresses]
"
        )
    };
}

/// `deploy/static/provider/cloud/deploy.yaml`: a LoadBalancer Service.
pub const CLOUD: &str = concat!(
    head!(),
    controller_service!("  type: LoadBalancer\n  externalTrafficPolicy: Local\n"),
    controller_deployment!(
        "",
        "        - --publish-service=$(POD_NAMESPACE)/ingress-nginx-controller\n",
        "",
        "",
        "",
        "        kubernetes.io/os: linux\n",
        "      terminationGracePeriodSeconds: 300\n"
    ),
    tail!()
);

/// `deploy/static/provider/baremetal/deploy.yaml`: a NodePort Service.
pub const BAREMETAL: &str = concat!(
    head!(),
    controller_service!("  type: NodePort\n"),
    controller_deployment!(
        "",
        "",
        "",
        "",
        "",
        "        kubernetes.io/os: linux\n",
        "      terminationGracePeriodSeconds: 300\n"
    ),
    tail!()
);

/// `deploy/static/provider/kind/deploy.yaml`: a NodePort Service and host
/// ports 80/443 on the node labelled `ingress-ready=true`.
pub const KIND: &str = concat!(
    head!(),
    controller_service!("  type: NodePort\n"),
    controller_deployment!(
        "  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 1\n",
        "",
        "        - --watch-ingress-without-class=true\n        - --publish-status-address=localhost\n",
        "          hostPort: 80\n",
        "          hostPort: 443\n",
        "        ingress-ready: \"true\"\n        kubernetes.io/os: linux\n",
        "      terminationGracePeriodSeconds: 0\n      tolerations:\n      - key: node-role.kubernetes.io/master\n        operator: Equal\n        effect: NoSchedule\n      - key: node-role.kubernetes.io/control-plane\n        operator: Equal\n        effect: NoSchedule\n"
    ),
    tail!()
);
