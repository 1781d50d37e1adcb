resource "terraform_data" "${{ values.name }}" {
input = "not formatted"
}
