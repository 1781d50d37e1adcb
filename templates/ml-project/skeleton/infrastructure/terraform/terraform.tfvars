project_id = "${{ values.gcpProjectId }}"
region     = "${{ values.region }}"
name       = "${{ values.name }}"

# The training node pool's GPU type and the zones of the region that have it (mx:gpu:locate). Change
# both together: a zone without the type makes the node pool fail to create.
gpu_type           = "${{ values.gpuType }}"
gpu_node_locations = [{% for z in values.gpuZones %}"${{ z }}"{% if not loop.last %}, {% endif %}{% endfor %}]

# The wizard's engineers with the email of their catalog profile (their Google account). An empty
# email means the catalog had none: fill it in before terraform plan (iam.tf grants their roles).
{%- if values.engineers | length %}
engineers = [
{%- for ref in values.engineers %}
{%- set e = values.engineerEntities[loop.index0] %}
  { ref = "${{ ref }}", email = "${{ e.spec.profile.email if (e and e.spec and e.spec.profile and e.spec.profile.email) else '' }}" },
{%- endfor %}
]
{%- else %}
engineers = []
{%- endif %}
