// Azure Managed Redis: the quota counters every replica shares (Quotas:Store=Redis). TLS only, on port 10000.

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource.')
param tags { *: string }

@description('Name of the Azure Managed Redis cluster.')
param name string

@description('Azure Managed Redis SKU, such as Balanced_B0 (the smallest), Balanced_B1 or MemoryOptimized_M10.')
param skuName string

// Azure Managed Redis names its one database "default".
var databaseName = 'default'

resource cluster 'Microsoft.Cache/redisEnterprise@2026-09-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
  }
  properties: {
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.Cache/redisEnterprise/databases@2026-09-01' = {
  parent: cluster
  name: databaseName
  properties: {
    // TLS only: StackExchange.Redis connects with ssl=True.
    clientProtocol: 'Encrypted'
    port: 10000
    // One endpoint that proxies to the shards, so the client needs no cluster topology; the quota scripts keep each
    // request's keys in one hash slot anyway.
    clusteringPolicy: 'EnterpriseCluster'
    evictionPolicy: 'NoEviction'
    // Access keys, because the app's Redis connection string carries a password; Key Vault holds it.
    accessKeysAuthentication: 'Enabled'
  }
}

@description('Name of the cluster; Key Vault builds the connection string from it.')
output clusterName string = cluster.name
