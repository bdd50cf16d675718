# The application on a cluster that has the platform: its namespace, the database Secrets, and the Knative
# manifests of one overlay with the images of one build.

locals {
  images = concat(var.services, ["gateway"])
}

resource "kubernetes_namespace" "app" {
  metadata {
    name = var.namespace
    labels = {
      "app.kubernetes.io/part-of" = "mosaic"
    }
  }
}

resource "kubernetes_secret" "db" {
  for_each = toset(var.services)

  metadata {
    name      = "${each.value}-db"
    namespace = kubernetes_namespace.app.metadata[0].name
    labels    = { "app.kubernetes.io/name" = each.value, "app.kubernetes.io/part-of" = "mosaic" }
  }
  data = {
    url      = var.databases[each.value].url
    username = var.databases[each.value].username
    password = var.databases[each.value].password
  }

  lifecycle {
    precondition {
      condition     = contains(keys(var.databases), each.value)
      error_message = "No database given for ${each.value}: var.databases needs an entry per service."
    }
  }
}

data "kustomization_overlay" "app" {
  resources = [var.overlay_path]
  namespace = kubernetes_namespace.app.metadata[0].name

  dynamic "images" {
    for_each = toset(local.images)
    content {
      name     = "mosaic/${images.value}"
      new_name = "${var.image_registry}/mosaic/${images.value}"
      new_tag  = var.image_tag
    }
  }

  dynamic "patches" {
    for_each = var.config_overrides
    content {
      patch = yamlencode({
        apiVersion = "v1"
        kind       = "ConfigMap"
        metadata   = { name = "${patches.key}-config" }
        data       = patches.value
      })
      target {
        kind = "ConfigMap"
        name = "${patches.key}-config"
      }
    }
  }
}

# kustomization_overlay sorts resources in three groups: namespaces and CRDs, then the rest, then webhooks.
resource "kustomization_resource" "p0" {
  for_each = data.kustomization_overlay.app.ids_prio[0]
  manifest = data.kustomization_overlay.app.manifests[each.value]
}

resource "kustomization_resource" "p1" {
  for_each   = data.kustomization_overlay.app.ids_prio[1]
  manifest   = data.kustomization_overlay.app.manifests[each.value]
  depends_on = [kustomization_resource.p0, kubernetes_secret.db]
}

resource "kustomization_resource" "p2" {
  for_each   = data.kustomization_overlay.app.ids_prio[2]
  manifest   = data.kustomization_overlay.app.manifests[each.value]
  depends_on = [kustomization_resource.p1]
}

data "kubernetes_resource" "gateway" {
  api_version = "serving.knative.dev/v1"
  kind        = "Service"
  metadata {
    name      = "gateway"
    namespace = kubernetes_namespace.app.metadata[0].name
  }
  depends_on = [kustomization_resource.p1]
}
