# prod: a regional cluster, one on-demand node per zone in three zones (with the platform about USD 560 a month).
environment         = "prod"
location            = "europe-west1"
min_nodes           = 1
spot                = false
deletion_protection = true
