/** Every catalogue Veil ships, keyed by framework. */
import { ComplianceFramework, type FrameworkCatalogue } from '../catalogue.js';
import { ccpaCatalogue } from './ccpa.js';
import { gdprCatalogue } from './gdpr.js';
import { hipaaCatalogue } from './hipaa.js';
import { pciDssCatalogue } from './pci-dss.js';
import { soc2Catalogue } from './soc2.js';

export const catalogues: Readonly<Record<ComplianceFramework, FrameworkCatalogue>> = {
  [ComplianceFramework.GDPR]: gdprCatalogue,
  [ComplianceFramework.HIPAA]: hipaaCatalogue,
  [ComplianceFramework.CCPA]: ccpaCatalogue,
  [ComplianceFramework.SOC2]: soc2Catalogue,
  [ComplianceFramework.PCI_DSS]: pciDssCatalogue,
};
