// Azure SQL with Microsoft Entra authentication only: the app's managed identity is the server's Entra admin, so the
// app and the migration job sign in with that identity and no SQL password exists anywhere.

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource.')
param tags { *: string }

@description('Name of the logical SQL server (globally unique).')
param serverName string

@description('Name of the database.')
param databaseName string

@description('Database SKU, such as S1, S2 (DTU) or GP_S_Gen5_2, GP_Gen5_2 (vCore).')
param databaseSkuName string

@description('Name of the managed identity that becomes the Entra admin.')
param adminIdentityName string

@description('Object (principal) id of the managed identity that becomes the Entra admin.')
param adminPrincipalId string

resource server 'Microsoft.Sql/servers@2025-01-01' = {
  name: serverName
  location: location
  tags: tags
  properties: {
    minimalTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    administrators: {
      administratorType: 'ActiveDirectory'
      azureADOnlyAuthentication: true
      login: adminIdentityName
      sid: adminPrincipalId
      tenantId: tenant().tenantId
      principalType: 'Application'
    }
  }
}

// 0.0.0.0 is Azure's "allow Azure services" rule: Container Apps without a virtual network have no fixed outbound
// address to allow instead. Entra-only sign-in still applies to every connection.
resource allowAzure 'Microsoft.Sql/servers/firewallRules@2025-01-01' = {
  parent: server
  name: 'AllowAllWindowsAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource database 'Microsoft.Sql/servers/databases@2025-01-01' = {
  parent: server
  name: databaseName
  location: location
  tags: tags
  sku: {
    name: databaseSkuName
  }
}

@description('Fully qualified domain name of the SQL server.')
output serverFqdn string = server.properties.fullyQualifiedDomainName

@description('Name of the database.')
output databaseName string = database.name
