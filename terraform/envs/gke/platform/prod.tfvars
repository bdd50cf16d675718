# prod: three Kafka nodes, a PostgreSQL primary with a replica (knative/overlays/prod).
cluster_name       = "mosaic-prod"
cluster_location   = "europe-west1"
kafka_replicas     = 3
kafka_storage_size = "50Gi"
postgres_instances = 2
