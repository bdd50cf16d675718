# dev: one Kafka node, one PostgreSQL instance (knative/overlays/dev).
cluster_name       = "mosaic-dev"
cluster_location   = "europe-west1-b"
kafka_replicas     = 1
kafka_storage_size = "10Gi"
postgres_instances = 1
