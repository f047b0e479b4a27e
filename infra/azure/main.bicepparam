// Example parameters: copy, change the image and names, then
//   az deployment group create -g <resource group> -f main.bicep -p main.bicepparam
// Secrets are read from environment variables when the file is built, so none is written here:
//   export AIGW_API_KEY_HASH_SECRET="$(openssl rand -base64 32)"
//   export AIGW_BOOTSTRAP_TOKEN="$(openssl rand -base64 48)"   # optional; leave unset for no bootstrap token
using 'main.bicep'

param namePrefix = 'aigw'

param image = 'ghcr.io/contoso/ai-gateway:1.0.0'

param tags = {
  application: 'ai-gateway'
  environment: 'production'
}

param minReplicas = 3
param maxReplicas = 10
param cpu = '1.0'
param memory = '2Gi'

param apiKeyHashSecret = readEnvironmentVariable('AIGW_API_KEY_HASH_SECRET')
param bootstrapToken = readEnvironmentVariable('AIGW_BOOTSTRAP_TOKEN', '')

param sqlDatabaseSkuName = 'S1'
param redisSkuName = 'Balanced_B0'

param openAiModelName = 'gpt-4.1'
param openAiModelVersion = '2025-04-14'
param openAiStandardSkuName = 'GlobalStandard'
param openAiStandardCapacity = 50
// PTUs cost money every hour: set false for a trial deployment.
param deployOpenAiProvisioned = true
param openAiProvisionedSkuName = 'GlobalProvisionedManaged'
param openAiProvisionedCapacity = 15
