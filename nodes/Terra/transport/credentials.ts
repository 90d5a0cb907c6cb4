/**
 * The Terra API credential, read once per node run. Each read is a database query and a decryption in n8n, and
 * `httpRequestWithAuthentication` reads the credential again for every request unless it is handed the copy already
 * read (`credentialsDecrypted`, which n8n 1.x and 2.x accept).
 */
import type { IAdditionalCredentialOptions, ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { TerraContext } from './index';
import type { TerraCredentials } from './urls';

export const CREDENTIAL_TYPE = 'terraApi';

const reads = new WeakMap<TerraContext, Promise<TerraCredentials>>();

/** The credential for this node run (one n8n context): read on the first request, shared by the later ones. */
export async function readCredentials(context: TerraContext): Promise<TerraCredentials> {
	let read = reads.get(context);
	if (!read) {
		read = context.getCredentials(CREDENTIAL_TYPE) as unknown as Promise<TerraCredentials>;
		// A failed read is not kept: the next request (or item) asks n8n again and gets its own error.
		read.catch(() => reads.delete(context));
		reads.set(context, read);
	}
	return await read;
}

/** What `httpRequestWithAuthentication` needs to authenticate with `credentials` without reading them again. */
export function alreadyRead(context: TerraContext, credentials: TerraCredentials): IAdditionalCredentialOptions {
	return {
		credentialsDecrypted: {
			id: context.getNode().credentials?.[CREDENTIAL_TYPE]?.id ?? '',
			name: CREDENTIAL_TYPE,
			type: CREDENTIAL_TYPE,
			data: credentials as unknown as ICredentialDataDecryptedObject,
		},
	};
}
