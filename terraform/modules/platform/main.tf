# Everything Mosaic needs from a cluster, on any Kubernetes: cert-manager, Knative Serving (Kourier) and
# Eventing with the Kafka source and sink and sender identity (OIDC), Kafka (Strimzi, KRaft; SCRAM sign-in and
# ACLs), PostgreSQL (CloudNativePG: one database and role per service), and Prometheus with Grafana.

locals {
  knative_release         = "https://github.com/knative/serving/releases/download/knative-v${var.knative_version}"
  kourier_release         = "https://github.com/knative-extensions/net-kourier/releases/download/knative-v${var.knative_version}"
  eventing_release        = "https://github.com/knative/eventing/releases/download/knative-v${var.knative_version}"
  kafka_release           = "https://github.com/knative-extensions/eventing-kafka-broker/releases/download/knative-v${var.knative_version}"
  net_certmanager_release = "https://github.com/knative-extensions/net-certmanager/releases/download/knative-v${var.knative_version}"

  # Applied in this order: CRDs, then the components that serve them.
  knative_manifests = {
    serving_crds     = "${local.knative_release}/serving-crds.yaml"
    serving_core     = "${local.knative_release}/serving-core.yaml"
    kourier          = "${local.kourier_release}/kourier.yaml"
    eventing_crds    = "${local.eventing_release}/eventing-crds.yaml"
    eventing_core    = "${local.eventing_release}/eventing-core.yaml"
    kafka_controller = "${local.kafka_release}/eventing-kafka-controller.yaml"
    kafka_source     = "${local.kafka_release}/eventing-kafka-source.yaml"
    kafka_sink       = "${local.kafka_release}/eventing-kafka-sink.yaml"
  }
  # Without a domain of our own, Knative's default-domain job names routes <name>.<ns>.<LB IP>.sslip.io.
  default_domain_manifest = "${local.knative_release}/serving-default-domain.yaml"
  kafka_bootstrap         = "mosaic-kafka-bootstrap.${kubernetes_namespace.kafka.metadata[0].name}.svc:9092"
  postgres_host           = "mosaic-pg-rw.${kubernetes_namespace.postgres.metadata[0].name}.svc"
}

# The application's namespace belongs to the platform: Strimzi's operators watch it from their first start (a Helm
# release watching a namespace that does not exist yet fails), and the database Secrets land in it. Everything
# else in it (Knative Services, sources, topics, users) is the pipeline's: ci/deploy applies knative/overlays/<env>.
resource "kubernetes_namespace" "app" {
  metadata {
    name   = var.app_namespace
    labels = { "app.kubernetes.io/part-of" = "mosaic" }
  }
}

resource "kubernetes_namespace" "kafka" {
  metadata {
    name = "kafka"
  }
}

resource "kubernetes_namespace" "postgres" {
  metadata {
    name = "postgres"
  }
}

resource "kubernetes_namespace" "monitoring" {
  metadata {
    name = "monitoring"
  }
}

# --- cert-manager --------------------------------------------------------------------------------------

resource "helm_release" "cert_manager" {
  name             = "cert-manager"
  repository       = "https://charts.jetstack.io"
  chart            = "cert-manager"
  version          = var.cert_manager_version
  namespace        = "cert-manager"
  create_namespace = true

  set {
    name  = "crds.enabled"
    value = "true"
  }
}

# --- Knative ---------------------------------------------------------------------------------------------

data "http" "knative" {
  for_each = local.knative_manifests
  url      = each.value

  lifecycle {
    postcondition {
      condition     = self.status_code == 200
      error_message = "Downloading ${each.value} answered ${self.status_code}: check knative_version."
    }
  }
}

data "kubectl_file_documents" "knative" {
  for_each = local.knative_manifests
  content  = data.http.knative[each.key].response_body
}

# The releases' Namespaces before anything else: the documents of one release are applied in parallel, and an
# object whose namespace does not exist yet fails the apply.
locals {
  knative_documents = merge([for release, docs in data.kubectl_file_documents.knative :
  { for k, v in docs.manifests : "${release}/${k}" => v }]...)
  knative_namespaces = { for k, v in local.knative_documents : k => v if can(regex("(?m)^kind: Namespace\\s*$", v)) }
  # One release's documents without its Namespaces (applied by knative_namespaces).
  knative_objects = { for release, docs in data.kubectl_file_documents.knative : release => {
    for k, v in docs.manifests : k => v if !can(regex("(?m)^kind: Namespace\\s*$", v))
  } }
}

resource "kubectl_manifest" "knative_namespaces" {
  for_each          = local.knative_namespaces
  yaml_body         = each.value
  server_side_apply = true
}

resource "kubectl_manifest" "serving_crds" {
  for_each          = local.knative_objects["serving_crds"]
  yaml_body         = each.value
  server_side_apply = true
  depends_on        = [kubectl_manifest.knative_namespaces]
}

resource "kubectl_manifest" "serving_core" {
  for_each          = local.knative_objects["serving_core"]
  yaml_body         = each.value
  server_side_apply = true
  depends_on        = [kubectl_manifest.serving_crds]
}

resource "kubectl_manifest" "kourier" {
  for_each          = local.knative_objects["kourier"]
  yaml_body         = each.value
  server_side_apply = true
  depends_on        = [kubectl_manifest.serving_core]
}

resource "kubectl_manifest" "eventing_crds" {
  for_each          = local.knative_objects["eventing_crds"]
  yaml_body         = each.value
  server_side_apply = true
  depends_on        = [kubectl_manifest.knative_namespaces]
}

resource "kubectl_manifest" "eventing_core" {
  for_each          = local.knative_objects["eventing_core"]
  yaml_body         = each.value
  server_side_apply = true
  depends_on        = [kubectl_manifest.eventing_crds]
}

resource "kubectl_manifest" "eventing_kafka" {
  for_each = merge(
    { for k, v in local.knative_objects["kafka_controller"] : "controller/${k}" => v },
    { for k, v in local.knative_objects["kafka_source"] : "source/${k}" => v },
    { for k, v in local.knative_objects["kafka_sink"] : "sink/${k}" => v },
  )
  yaml_body         = each.value
  server_side_apply = true
  depends_on        = [kubectl_manifest.eventing_core]
}

# Kourier as Knative's ingress; emptyDir volumes (the services' /data and /tmp, under a read-only root).
resource "kubectl_manifest" "serving_config" {
  for_each = {
    # HTTPS on every public URL (the gateway's), with certificates from cert-manager (net-certmanager below);
    # plain HTTP answers with a redirect. Cluster-local traffic stays on Kourier's internal listener.
    "config-network" = {
      "ingress-class"       = "kourier.ingress.networking.knative.dev"
      "external-domain-tls" = "Enabled"
      "http-protocol"       = "Redirected"
    }
    "config-features" = { "kubernetes.podspec-emptydir" = "enabled" }
  }
  yaml_body = yamlencode({
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = { name = each.key, namespace = "knative-serving" }
    data       = each.value
  })
  server_side_apply = true
  # Its own field manager: the release manifest's copy of these ConfigMaps must not take the fields back.
  field_manager   = "mosaic-platform"
  force_conflicts = true
  depends_on      = [kubectl_manifest.serving_core]
}

# Knative Eventing's sender identity: sources present an OIDC token (a projected token of their own
# ServiceAccount) for the sink's audience, and EventPolicies say which sources may send where
# (knative/base/eventing/event-policies.yaml; Eventing refuses EventPolicies while this is off).
resource "kubectl_manifest" "eventing_config" {
  yaml_body = yamlencode({
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = { name = "config-features", namespace = "knative-eventing" }
    # delivery-retryafter: a 503's Retry-After paces the KafkaSources' retries (delivery.retryAfterMax), so a
    # service's database outage is waited out rather than dead-lettered (docs/adr/0003, 0010).
    data = { "authentication-oidc" = "enabled", "delivery-retryafter" = "enabled" }
  })
  server_side_apply = true
  # Its own field manager: the release manifest's copy of this ConfigMap must not take the field back.
  field_manager   = "mosaic-platform"
  force_conflicts = true
  depends_on      = [kubectl_manifest.eventing_core]
}

data "http" "default_domain" {
  count = var.domain == null ? 1 : 0
  url   = local.default_domain_manifest
}

data "kubectl_file_documents" "default_domain" {
  count   = var.domain == null ? 1 : 0
  content = data.http.default_domain[0].response_body
}

resource "kubectl_manifest" "default_domain" {
  for_each          = var.domain == null ? data.kubectl_file_documents.default_domain[0].manifests : {}
  yaml_body         = each.value
  server_side_apply = true
  depends_on        = [kubectl_manifest.kourier]
}

resource "kubectl_manifest" "domain" {
  count = var.domain == null ? 0 : 1
  yaml_body = yamlencode({
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = { name = "config-domain", namespace = "knative-serving" }
    data       = { (var.domain) = "" }
  })
  server_side_apply = true
  # Its own field manager: the release manifest's copy of these ConfigMaps must not take the fields back.
  field_manager   = "mosaic-platform"
  force_conflicts = true
  depends_on      = [kubectl_manifest.serving_core]
}

# --- TLS on the public URL: Knative asks cert-manager (net-certmanager) for a certificate per public domain ------

data "http" "net_certmanager" {
  url = "${local.net_certmanager_release}/net-certmanager.yaml"

  lifecycle {
    postcondition {
      condition     = self.status_code == 200
      error_message = "Downloading net-certmanager.yaml answered ${self.status_code}: check knative_version."
    }
  }
}

data "kubectl_file_documents" "net_certmanager" {
  content = data.http.net_certmanager.response_body
}

resource "kubectl_manifest" "net_certmanager" {
  for_each          = data.kubectl_file_documents.net_certmanager.manifests
  yaml_body         = each.value
  server_side_apply = true
  depends_on        = [kubectl_manifest.serving_core, helm_release.cert_manager]
}

# Let's Encrypt over HTTP-01, answered through Kourier (a sslip.io name works too: it resolves to the load balancer).
resource "kubectl_manifest" "acme_issuer" {
  yaml_body = yamlencode({
    apiVersion = "cert-manager.io/v1"
    kind       = "ClusterIssuer"
    metadata   = { name = "mosaic-public" }
    spec = {
      acme = {
        server              = var.acme_server
        email               = var.acme_email
        privateKeySecretRef = { name = "mosaic-public-acme-account" }
        solvers             = [{ http01 = { ingress = { class = "kourier.ingress.networking.knative.dev" } } }]
      }
    }
  })
  depends_on = [helm_release.cert_manager]
}

resource "kubectl_manifest" "certmanager_config" {
  yaml_body = yamlencode({
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = { name = "config-certmanager", namespace = "knative-serving" }
    data = {
      issuerRef = yamlencode({ kind = "ClusterIssuer", name = "mosaic-public" })
    }
  })
  server_side_apply = true
  field_manager     = "mosaic-platform"
  force_conflicts   = true
  depends_on        = [kubectl_manifest.net_certmanager]
}

# --- Kafka (Strimzi, KRaft) ----------------------------------------------------------------------------------

resource "helm_release" "strimzi" {
  name       = "strimzi"
  repository = "https://strimzi.io/charts/"
  chart      = "strimzi-kafka-operator"
  version    = var.strimzi_version
  namespace  = kubernetes_namespace.kafka.metadata[0].name

  # The operator manages the cluster in its own namespace and the KafkaTopics beside the application.
  values = [yamlencode({ watchNamespaces = [kubernetes_namespace.app.metadata[0].name] })]
}

resource "kubectl_manifest" "kafka_pool" {
  yaml_body = yamlencode({
    apiVersion = "kafka.strimzi.io/v1beta2"
    kind       = "KafkaNodePool"
    metadata = {
      name      = "dual-role"
      namespace = kubernetes_namespace.kafka.metadata[0].name
      labels    = { "strimzi.io/cluster" = "mosaic" }
    }
    spec = {
      replicas = var.kafka_replicas
      roles    = ["controller", "broker"]
      storage = {
        type    = "jbod"
        volumes = [{ id = 0, type = "persistent-claim", size = var.kafka_storage_size, deleteClaim = false, kraftMetadata = "shared" }]
      }
      resources = {
        requests = { cpu = "250m", memory = "1Gi" }
        limits   = { memory = "2Gi" }
      }
    }
  })
  depends_on = [helm_release.strimzi]
}

resource "kubectl_manifest" "kafka" {
  yaml_body = yamlencode({
    apiVersion = "kafka.strimzi.io/v1beta2"
    kind       = "Kafka"
    metadata = {
      name        = "mosaic"
      namespace   = kubernetes_namespace.kafka.metadata[0].name
      annotations = { "strimzi.io/node-pools" = "enabled", "strimzi.io/kraft" = "enabled" }
    }
    spec = {
      kafka = {
        version = var.kafka_version
        # Every client signs in (SASL/SCRAM-SHA-512, one KafkaUser per service and one for Knative Eventing:
        # knative/base/kafka/users.yaml) and may do only what its ACLs allow. Inside the cluster network, no TLS:
        # SCRAM never sends the password itself; records travel in clear between pods, as before.
        listeners = [{
          name           = "plain"
          port           = 9092
          type           = "internal"
          tls            = false
          authentication = { type = "scram-sha-512" }
        }]
        authorization = { type = "simple" }
        config = {
          "offsets.topic.replication.factor"         = min(var.kafka_replicas, 3)
          "transaction.state.log.replication.factor" = min(var.kafka_replicas, 3)
          "transaction.state.log.min.isr"            = min(var.kafka_replicas, 2)
          "default.replication.factor"               = min(var.kafka_replicas, 3)
          "min.insync.replicas"                      = min(var.kafka_replicas, 2)
          # Topics come from knative/kafka/topics.yaml, never from a typo in a producer.
          "auto.create.topics.enable" = false
        }
      }
      entityOperator = {
        topicOperator = { watchedNamespace = kubernetes_namespace.app.metadata[0].name }
        # The KafkaUsers live beside the application too; each user's password lands in the Secret kafka-<user>
        # there, which the Knative Services read (a prefix, so it never collides with another Secret's name).
        userOperator = { watchedNamespace = kubernetes_namespace.app.metadata[0].name, secretPrefix = "kafka-" }
      }
    }
  })
  wait_for_rollout = false
  depends_on       = [kubectl_manifest.kafka_pool]
}

# --- PostgreSQL (CloudNativePG): one database and role per service ------------------------------------------

resource "helm_release" "cloudnative_pg" {
  name             = "cnpg"
  repository       = "https://cloudnative-pg.github.io/charts"
  chart            = "cloudnative-pg"
  version          = var.cloudnative_pg_version
  namespace        = "cnpg-system"
  create_namespace = true
}

resource "random_password" "db" {
  for_each = toset(var.services)
  length   = 32
  special  = false
}

resource "kubernetes_secret" "role" {
  for_each = toset(var.services)

  metadata {
    name      = "${each.value}-role"
    namespace = kubernetes_namespace.postgres.metadata[0].name
    labels    = { "cnpg.io/reload" = "true" }
  }
  type = "kubernetes.io/basic-auth"
  data = {
    username = each.value
    password = random_password.db[each.value].result
  }
}

resource "kubectl_manifest" "postgres" {
  yaml_body = yamlencode({
    apiVersion = "postgresql.cnpg.io/v1"
    kind       = "Cluster"
    metadata   = { name = "mosaic-pg", namespace = kubernetes_namespace.postgres.metadata[0].name }
    spec = {
      instances = var.postgres_instances
      storage   = { size = var.postgres_storage_size }
      resources = {
        requests = { cpu = "250m", memory = "512Mi" }
        limits   = { memory = "1Gi" }
      }
      managed = {
        roles = [for s in var.services : {
          name           = s
          ensure         = "present"
          login          = true
          passwordSecret = { name = kubernetes_secret.role[s].metadata[0].name }
        }]
      }
      monitoring = { enablePodMonitor = true }
    }
  })
  depends_on = [helm_release.cloudnative_pg]
}

resource "kubectl_manifest" "database" {
  for_each = toset(var.services)
  yaml_body = yamlencode({
    apiVersion = "postgresql.cnpg.io/v1"
    kind       = "Database"
    metadata   = { name = each.value, namespace = kubernetes_namespace.postgres.metadata[0].name }
    spec = {
      name    = each.value
      owner   = each.value
      cluster = { name = "mosaic-pg" }
    }
  })
  depends_on = [kubectl_manifest.postgres]
}

# --- Prometheus and Grafana ----------------------------------------------------------------------------------

resource "random_password" "grafana" {
  length  = 24
  special = false
}

resource "helm_release" "monitoring" {
  name       = "kube-prometheus-stack"
  repository = "https://prometheus-community.github.io/helm-charts"
  chart      = "kube-prometheus-stack"
  version    = var.kube_prometheus_stack_version
  namespace  = kubernetes_namespace.monitoring.metadata[0].name

  values = [yamlencode({
    prometheus = {
      prometheusSpec = {
        retention = var.prometheus_retention
        # Pick up PodMonitors from every namespace, not only those of this chart's release.
        podMonitorSelectorNilUsesHelmValues     = false
        serviceMonitorSelectorNilUsesHelmValues = false
        ruleSelectorNilUsesHelmValues           = false
      }
    }
    grafana = {
      adminPassword = random_password.grafana.result
    }
  })]
}

# Knative's queue-proxy counts every request to a revision (revision_app_request_count and _latencies):
# what ci/promote judges a canary by; every pod's queue-proxy is scraped. The services' own /metrics come from the
# user container. The gateway serves its /metrics on a listener of its own (8090, mosaic.gateway.metrics.port), never
# on its user port (the public one): Prometheus scrapes it on the pod's address, which the ingress does not route to
# (knative/base/network-policies.yaml lets only Prometheus in).
locals {
  queue_proxy_metrics = { port = "http-usermetric", path = "/metrics", interval = "15s" }
  pod_monitors = {
    knative-revisions = {
      selector = { matchExpressions = [
        { key = "serving.knative.dev/revision", operator = "Exists" },
        { key = "app.kubernetes.io/name", operator = "NotIn", values = ["gateway"] },
      ] }
      app_metrics = { port = "user-port", path = "/metrics", interval = "30s" }
    }
    gateway = {
      selector    = { matchLabels = { "app.kubernetes.io/name" = "gateway" } }
      app_metrics = { targetPort = 8090, path = "/metrics", interval = "30s" }
    }
  }
}

resource "kubectl_manifest" "pod_monitor" {
  for_each = local.pod_monitors
  yaml_body = yamlencode({
    apiVersion = "monitoring.coreos.com/v1"
    kind       = "PodMonitor"
    metadata   = { name = each.key, namespace = kubernetes_namespace.monitoring.metadata[0].name }
    spec = {
      namespaceSelector   = { matchNames = [var.app_namespace] }
      selector            = each.value.selector
      podMetricsEndpoints = [local.queue_proxy_metrics, each.value.app_metrics]
    }
  })
  depends_on = [helm_release.monitoring]
}

moved {
  from = kubectl_manifest.knative_pod_monitor
  to   = kubectl_manifest.pod_monitor["knative-revisions"]
}

# --- What the services read from the platform: their database Secrets (knative/README.md, "Secrets") -----------

resource "kubernetes_secret" "db" {
  for_each = toset(var.services)

  metadata {
    name      = "${each.value}-db"
    namespace = kubernetes_namespace.app.metadata[0].name
    labels    = { "app.kubernetes.io/name" = each.value, "app.kubernetes.io/part-of" = "mosaic" }
  }
  data = {
    url      = "jdbc:postgresql://${local.postgres_host}:5432/${each.value}"
    username = each.value
    password = random_password.db[each.value].result
  }
}

# Knative's KafkaSources and dead-letter sinks sign in as the KafkaUser knative-eventing, whose password is this.
resource "random_password" "knative_kafka" {
  length  = 32
  special = false
}

resource "kubernetes_secret" "knative_kafka_auth" {
  metadata {
    name      = "knative-kafka-auth"
    namespace = kubernetes_namespace.app.metadata[0].name
    labels    = { "app.kubernetes.io/part-of" = "mosaic" }
  }
  data = {
    protocol         = "SASL_PLAINTEXT"
    "sasl.mechanism" = "SCRAM-SHA-512"
    user             = "knative-eventing"
    password         = random_password.knative_kafka.result
  }
}
