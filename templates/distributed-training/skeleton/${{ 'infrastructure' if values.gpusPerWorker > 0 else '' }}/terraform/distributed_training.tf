{%- set shapes = {
  'nvidia-tesla-t4': {'1': 'n1-standard-8', '2': 'n1-standard-16', '4': 'n1-standard-32'},
  'nvidia-tesla-v100': {'1': 'n1-standard-8', '2': 'n1-standard-16', '4': 'n1-standard-32', '8': 'n1-standard-64'},
  'nvidia-l4': {'1': 'g2-standard-8', '2': 'g2-standard-24', '4': 'g2-standard-48', '8': 'g2-standard-96'},
  'nvidia-tesla-a100': {'1': 'a2-highgpu-1g', '2': 'a2-highgpu-2g', '4': 'a2-highgpu-4g', '8': 'a2-highgpu-8g'},
  'nvidia-a100-80gb': {'1': 'a2-ultragpu-1g', '2': 'a2-ultragpu-2g', '4': 'a2-ultragpu-4g', '8': 'a2-ultragpu-8g'},
  'nvidia-h100-80gb': {'1': 'a3-highgpu-1g', '2': 'a3-highgpu-2g', '4': 'a3-highgpu-4g', '8': 'a3-highgpu-8g'}
} -%}
# GPU node pool for distributed training (PyTorchJob master + workers): one replica per node,
# ${{ values.gpusPerWorker }} x ${{ values.gpuType }} per node. Scales to zero when no job runs.
resource "google_container_node_pool" "distributed" {
  name     = "distributed"
  cluster  = google_container_cluster.main.id
  location = var.region

  # Only the zones of the region that have ${{ values.gpuType }} (mx:gpu:locate).
  node_locations = [{% for z in values.gpuZones %}"${{ z }}"{% if not loop.last %}, {% endif %}{% endfor %}]

  # One node per replica in total over the pool's zones (min/max_node_count would apply to each
  # zone); ANY: the autoscaler adds nodes in whichever zone has the GPU type available.
  autoscaling {
    total_min_node_count = 0
    total_max_node_count = ${{ values.workers + 1 }}
    location_policy      = "ANY"
  }

  node_config {
    machine_type    = "${{ shapes[values.gpuType][values.gpusPerWorker | string] }}"
    service_account = google_service_account.nodes.email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]

    labels = {
      "mx.backstage.io/pool" = "distributed"
    }

    guest_accelerator {
      type  = "${{ values.gpuType }}"
      count = ${{ values.gpusPerWorker }}

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
