/** The reporting timeliness page, Chinese first. */
export const zh = {
  "reporting.title": "上报及时性",
  "reporting.year": "年度",
  "reporting.hint":
    "每个设区市节点每月是否按时上报；应报为已开始的月份，实报为收到记录的月份，按时为无迟到记录的月份。",
  "reporting.expected": "应报",
  "reporting.received": "实报",
  "reporting.onTime": "按时",
  "reporting.rate": "上报率",
  "reporting.onTimeRate": "按时率",
};

export const en: Record<keyof typeof zh, string> = {
  "reporting.title": "Reporting completeness and timeliness",
  "reporting.year": "Year",
  "reporting.hint":
    "Whether each city node reported each month on time: expected are the months begun, received the months with records, on time those without late records.",
  "reporting.expected": "Expected",
  "reporting.received": "Received",
  "reporting.onTime": "On time",
  "reporting.rate": "Reporting rate",
  "reporting.onTimeRate": "On-time rate",
};
