/** The city of every test node unless told, and its divisions and service points the tests use. */
export const XIAMEN = { cityCode: "350200", cityName: "厦门" } as const;
export const SIMING_COMMUNITY = "350203001001";
export const HULI_STREET = "350206001";
export const SIMING_POINT = "sp-siming-01";
export const HULI_POINT = "sp-huli-01";

/** The person-key secret of every test node (never a deployment's). */
export const TEST_PERSON_KEY_SECRET = "test-person-key-secret-0123456789";
