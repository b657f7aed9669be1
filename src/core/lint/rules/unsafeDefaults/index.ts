import type { Rule } from "../../types";
import { assertForAuthorization } from "./assertForAuthorization";
import { bindAllInterfaces } from "./bindAllInterfaces";
import { cleartextProtocol } from "./cleartextProtocol";
import { corsWildcardWithCredentials } from "./corsWildcardWithCredentials";
import { csrfProtectionDisabled } from "./csrfProtectionDisabled";
import { djangoDebugEnabled } from "./djangoDebugEnabled";
import { ecbCipherMode } from "./ecbCipherMode";
import { exceptionDetailsExposed } from "./exceptionDetailsExposed";
import { flaskDebugEnabled } from "./flaskDebugEnabled";
import { hardcodedSecret } from "./hardcodedSecret";
import { hardcodedTempPath } from "./hardcodedTempPath";
import { httpTlsVerifyDisabled } from "./httpTlsVerifyDisabled";
import { insecureCookie } from "./insecureCookie";
import { insecureRandomForSecrets } from "./insecureRandomForSecrets";
import { jinja2AutoescapeDisabled } from "./jinja2AutoescapeDisabled";
import { jwtVerificationDisabled } from "./jwtVerificationDisabled";
import { numpyLoadAllowPickle } from "./numpyLoadAllowPickle";
import { predictableSalt } from "./predictableSalt";
import { requestsWithoutTimeout } from "./requestsWithoutTimeout";
import { secretLogged } from "./secretLogged";
import { sshAutoAddHostKey } from "./sshAutoAddHostKey";
import { sslCertValidationDisabled } from "./sslCertValidationDisabled";
import { subprocessShellTrue } from "./subprocessShellTrue";
import { tempfileMktemp } from "./tempfileMktemp";
import { templateAutoescapeOff } from "./templateAutoescapeOff";
import { torchLoadUnsafe } from "./torchLoadUnsafe";
import { unsafeDeserialization } from "./unsafeDeserialization";
import { urlOpenAnyScheme } from "./urlOpenAnyScheme";
import { weakCipherAlgorithm } from "./weakCipherAlgorithm";
import { weakCryptoKeySize } from "./weakCryptoKeySize";
import { weakHashAlgorithm } from "./weakHashAlgorithm";
import { weakPasswordHash } from "./weakPasswordHash";
import { weakTlsVersion } from "./weakTlsVersion";
import { worldWritablePermissions } from "./worldWritablePermissions";
import { xmlEntityExpansion } from "./xmlEntityExpansion";
import { xmlExternalEntities } from "./xmlExternalEntities";
import { yamlUnsafeLoad } from "./yamlUnsafeLoad";

/** Risky defaults and configuration generated code tends to carry; one rule per file, golden fixtures per rule id. */
export const unsafeDefaultRules: Rule[] = [
  flaskDebugEnabled,
  djangoDebugEnabled,
  httpTlsVerifyDisabled,
  sslCertValidationDisabled,
  weakTlsVersion,
  yamlUnsafeLoad,
  unsafeDeserialization,
  numpyLoadAllowPickle,
  torchLoadUnsafe,
  weakPasswordHash,
  predictableSalt,
  weakHashAlgorithm,
  weakCipherAlgorithm,
  ecbCipherMode,
  weakCryptoKeySize,
  hardcodedSecret,
  insecureRandomForSecrets,
  worldWritablePermissions,
  sshAutoAddHostKey,
  jinja2AutoescapeDisabled,
  templateAutoescapeOff,
  bindAllInterfaces,
  tempfileMktemp,
  hardcodedTempPath,
  xmlEntityExpansion,
  xmlExternalEntities,
  requestsWithoutTimeout,
  urlOpenAnyScheme,
  assertForAuthorization,
  exceptionDetailsExposed,
  cleartextProtocol,
  subprocessShellTrue,
  insecureCookie,
  csrfProtectionDisabled,
  secretLogged,
  jwtVerificationDisabled,
  corsWildcardWithCredentials,
];
