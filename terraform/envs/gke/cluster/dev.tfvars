# dev: a zonal cluster on two Spot nodes (with the platform about USD 110 a month, docs/deploy.md).
environment         = "dev"
location            = "europe-west1-b"
min_nodes           = 2
spot                = true
deletion_protection = false
