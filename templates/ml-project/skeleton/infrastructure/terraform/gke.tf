resource "google_container_cluster" "main" {
  name     = var.name
  location = var.region

  # Node pools are managed separately below.
  remove_default_node_pool = true
  initial_node_count       = 1
  deletion_protection      = true

  workload_identity_config {
    workload_pool = "${var.project_id}.svc.id.goog"
  }

  release_channel {
    channel = "REGULAR"
  }

  addons_config {
    # Filestore CSI driver: the storage classes standard-rwx, premium-rwx and enterprise-rwx
    # (ReadWriteMany volumes, e.g. CVAT's data with its storage class standard-rwx). It costs
    # nothing until a volume asks for one of them; each such volume is a Filestore instance.
    gcp_filestore_csi_driver_config {
      enabled = true
    }
  }

  depends_on = [google_project_service.services]
}

resource "google_container_node_pool" "default" {
  name     = "default"
  cluster  = google_container_cluster.main.id
  location = var.region

  autoscaling {
    min_node_count = 1
    max_node_count = 3
  }

  node_config {
    machine_type    = "e2-standard-4"
    service_account = google_service_account.nodes.email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]

    workload_metadata_config {
      mode = "GKE_METADATA"
    }
  }
}

resource "google_container_node_pool" "gpu" {
  name     = "gpu"
  cluster  = google_container_cluster.main.id
  location = var.region

  # Only the zones that have the GPU type (the region's other zones would fail the pool).
  node_locations = var.gpu_node_locations

  # Totals over all the pool's zones (min/max_node_count would apply to each zone); ANY: the
  # autoscaler adds a node in whichever zone has the GPU type available.
  autoscaling {
    total_min_node_count = 0
    total_max_node_count = var.gpu_node_count_max
    location_policy      = "ANY"
  }

  node_config {
    machine_type    = "n1-standard-8"
    service_account = google_service_account.nodes.email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]

    guest_accelerator {
      type  = var.gpu_type
      count = 1

      # Drivers come from the cuda-drivers devspace deployment (NVIDIA driver installer).
      gpu_driver_installation_config {
        gpu_driver_version = "INSTALLATION_DISABLED"
      }
    }

    taint {
      key    = "nvidia.com/gpu"
      value  = "present"
      effect = "NO_SCHEDULE"
    }

    workload_metadata_config {
      mode = "GKE_METADATA"
    }
  }
}
