/** The voucher loop page, Chinese first. */
export const zh = {
  "vouchers.title": "就业券闭环",
  "vouchers.policy": "政策",
  "vouchers.provider": "服务机构",
  "vouchers.issued": "已发放",
  "vouchers.claimed": "已领取",
  "vouchers.redeemed": "已核销",
  "vouchers.settled": "已结算",
  "vouchers.outstanding": "未使用",
  "vouchers.expired": "已过期",
  "vouchers.revoked": "已撤销",
  "vouchers.awaitingSettlement": "待结算",
  "vouchers.total": "合计",
};

export const en: Record<keyof typeof zh, string> = {
  "vouchers.title": "Employment voucher loop",
  "vouchers.policy": "Policy",
  "vouchers.provider": "Provider",
  "vouchers.issued": "Issued",
  "vouchers.claimed": "Claimed",
  "vouchers.redeemed": "Redeemed",
  "vouchers.settled": "Settled",
  "vouchers.outstanding": "Outstanding",
  "vouchers.expired": "Expired",
  "vouchers.revoked": "Revoked",
  "vouchers.awaitingSettlement": "Awaiting settlement",
  "vouchers.total": "Total",
};
