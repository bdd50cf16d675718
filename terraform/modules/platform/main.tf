# Everything Mosaic needs from a cluster, on any Kubernetes: cert-manager, Knative Serving (Kourier) and
# Eventing with the Kafka source and sink and sender identity (OIDC), Kafka (Strimzi, KRaft; SCRAM sign-in and
# ACLs), PostgreSQL (CloudNativePG: one database and role per service), and Prometheus with Grafana.

locals {
  knative_release  = "https://github.com/knative/serving/releases/download/knative-v${var.knative_version}"
  kourier_release  = "https://github.com/knative-extensions/net-kourier/releases/download/knative-v${var.knative_version}"
  eventing_release = "https://github.com/knative/eventing/releases/download/knative-v${var.knative_version}"
  kafka_release    = "https://github.com/knative-extensions/eventing-kafka-broker/releases/download/knative-v${var.knative_version}"

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

resource "kubectl_manifest" "serving_crds" {
  for_each          = data.kubectl_file_documents.knative["serving_crds"].manifests
  yaml_body         = each.value
  server_side_apply = true
}

resource "kubectl_manifest" "serving_core" {
  for_each          = data.kubectl_file_documents.knative["serving_core"].manifests
  yaml_body         = each.value
  server_side_apply = true
  depends_on        = [kubectl_manifest.serving_crds]
}

resource "kubectl_manifest" "kourier" {
  for_each          = data.kubectl_file_documents.knative["kourier"].manifests
  yaml_body         = each.value
  server_side_apply = true
  depends_on        = [kubectl_manifest.serving_core]
}

resource "kubectl_manifest" "eventing_crds" {
  for_each          = data.kubectl_file_documents.knative["eventing_crds"].manifests
  yaml_body         = each.value
  server_side_apply = true
}

resource "kubectl_manifest" "eventing_core" {
  for_each          = data.kubectl_file_documents.knative["eventing_core"].manifests
  yaml_body         = each.value
  server_side_apply = true
  depends_on        = [kubectl_manifest.eventing_crds]
}

resource "kubectl_manifest" "eventing_kafka" {
  for_each = merge(
    { for k, v in data.kubectl_file_documents.knative["kafka_controller"].manifests : "controller/${k}" => v },
    { for k, v in data.kubectl_file_documents.knative["kafka_source"].manifests : "source/${k}" => v },
    { for k, v in data.kubectl_file_documents.knative["kafka_sink"].manifests : "sink/${k}" => v },
  )
  yaml_body         = each.value
  server_side_apply = true
  depends_on        = [kubectl_manifest.eventing_core]
}

# Kourier as Knative's ingress; emptyDir volumes (the services' /data and /tmp, under a read-only root).
resource "kubectl_manifest" "serving_config" {
  for_each = {
    "config-network"  = { "ingress-class" = "kourier.ingress.networking.knative.dev" }
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
    data       = { "authentication-oidc" = "enabled" }
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

# --- Kafka (Strimzi, KRaft) ----------------------------------------------------------------------------------

resource "helm_release" "strimzi" {
  name       = "strimzi"
  repository = "https://strimzi.io/charts/"
  chart      = "strimzi-kafka-operator"
  version    = var.strimzi_version
  namespace  = kubernetes_namespace.kafka.metadata[0].name

  # The operator manages the cluster in its own namespace and the KafkaTopics beside the application.
  values = [yamlencode({ watchNamespaces = [var.app_namespace] })]
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
        topicOperator = { watchedNamespace = var.app_namespace }
        # The KafkaUsers live beside the application too; each user's password lands in the Secret kafka-<user>
        # there, which the Knative Services read (a prefix, so it never collides with another Secret's name).
        userOperator = { watchedNamespace = var.app_namespace, secretPrefix = "kafka-" }
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
# what ci/promote judges a canary by. The services' own /metrics come from the user container.
resource "kubectl_manifest" "knative_pod_monitor" {
  yaml_body = yamlencode({
    apiVersion = "monitoring.coreos.com/v1"
    kind       = "PodMonitor"
    metadata   = { name = "knative-revisions", namespace = kubernetes_namespace.monitoring.metadata[0].name }
    spec = {
      namespaceSelector = { matchNames = [var.app_namespace] }
      selector          = { matchExpressions = [{ key = "serving.knative.dev/revision", operator = "Exists" }] }
      podMetricsEndpoints = [
        { port = "http-usermetric", path = "/metrics", interval = "15s" },
        { port = "user-port", path = "/metrics", interval = "30s" },
      ]
    }
  })
  depends_on = [helm_release.monitoring]
}
