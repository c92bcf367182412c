/** The market an API key belongs to, set by the auth middleware on every /v1 request. */
export interface Market {
  id: string;
  name: string;
  cityCode: string;
  districtCode: string | null;
  createdAt: Date;
}
