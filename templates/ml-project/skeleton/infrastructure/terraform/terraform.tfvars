project_id = "${{ values.gcpProjectId }}"
region     = "${{ values.region }}"
name       = "${{ values.name }}"

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
