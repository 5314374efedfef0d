/** The rule the API enforces for host passwords (server/utils/hosts.ts); the forms say it up front. */
export const HOST_PASSWORD_MIN_LENGTH = 10
