bucket = "${{ values.stateBucket }}"
prefix = "mx/${{ values.name }}"
