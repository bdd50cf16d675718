output "namespace" {
  description = "Namespace the application runs in."
  value       = kubernetes_namespace.app.metadata[0].name
}

output "gateway_url" {
  description = "Public URL of the gateway (Knative's route), e.g. http://gateway.mosaic.34.77.1.2.sslip.io; null until the route is ready."
  value       = try(data.kubernetes_resource.gateway.object.status.url, null)
}

output "images" {
  description = "The images deployed, by service."
  value       = { for s in local.images : s => "${var.image_registry}/mosaic/${s}:${var.image_tag}" }
}
