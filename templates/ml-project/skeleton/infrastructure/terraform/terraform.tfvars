project_id = "${{ values.gcpProjectId }}"
region     = "${{ values.region }}"
name       = "${{ values.name }}"
