import type { CriterionConfig, CriterionKind, FunnelState } from './process/model.ts';
import { type StageTool, toolUrl } from './stage-tools.ts';
import { toolTemplate } from './tool-templates.ts';

/**
 * Built-in funnel models. The default is the 8-step buyer-aligned process of PRODUCT.md (seeds/004): each
 * sales step serves a step of the buyer's purchasing process, sits in a funnel state and ends with a
 * milestone whose exit criteria name the evidence they need. Pure data, shared by server and web.
 */
export type CriterionTemplate = {
  labelEn: string;
  labelZh: string;
  hintEn: string;
  hintZh: string;
  kind: CriterionKind;
  config?: CriterionConfig;
  requiresConfirmation?: boolean;
};

export type StageTemplate = {
  nameEn: string;
  nameZh: string;
  buyerStepEn: string;
  buyerStepZh: string;
  milestoneEn: string;
  milestoneZh: string;
  funnelState: FunnelState;
  probability: number;
  expectedDays: number;
  guidanceEn: string;
  guidanceZh: string;
  tools: StageTool[];
  criteria: CriterionTemplate[];
};

export type ProcessTemplate = { key: string; nameEn: string; nameZh: string; stages: StageTemplate[] };

/** A built-in worksheet as a stage tool, labelled in both languages. */
function tool(slug: string): StageTool {
  const template = toolTemplate(slug);
  if (!template) throw new Error(`No built-in worksheet "${slug}"`);
  return { label: template.title.en, labelZh: template.title.zh, url: toolUrl(slug) };
}

export const EIGHT_STEP_PROCESS: ProcessTemplate = {
  key: 'solution-8-step',
  nameEn: 'Solution sale (8 steps)',
  nameZh: '方案销售（八步法）',
  stages: [
    {
      nameEn: 'Project initiation',
      nameZh: '项目立项',
      buyerStepEn: 'Finds a problem, states a need',
      buyerStepZh: '发现问题，提出需求',
      milestoneEn: 'Project analysed, initiation approved',
      milestoneZh: '分析项目，立项通过',
      funnelState: 'searching',
      probability: 5,
      expectedDays: 14,
      guidanceEn: 'Qualify before you invest: who decides, what is the key need, is there a project at all?',
      guidanceZh: '投入资源之前先判断：谁是决策人？客户的关键需求是什么？项目是否真实存在？',
      tools: [tool('qualification'), tool('research')],
      criteria: [
        {
          labelEn: 'Decision maker identified',
          labelZh: '找到关键决策人',
          hintEn: 'Find the decision maker first, and get in touch with them.',
          hintZh: '先弄清楚关键决策人是谁，并尽快与其取得联系。',
          kind: 'stakeholder',
          config: { role: 'decision_maker' },
        },
        {
          labelEn: 'Key need understood',
          labelZh: '了解客户关键需求',
          hintEn: 'Find out the customer’s key need (or purchase criteria) in their own words.',
          hintZh: '弄清客户的关键需求（或采购指标），用客户自己的话记录下来。',
          kind: 'field',
          config: { field: 'keyNeed' },
        },
        {
          labelEn: 'Project analysed and initiation approved',
          labelZh: '项目分析完成，立项获批',
          hintEn: 'Analyse the project and get the initiation approved by your manager.',
          hintZh: '完成项目分析，并由销售经理批准立项。',
          kind: 'checkbox',
          requiresConfirmation: true,
        },
      ],
    },
    {
      nameEn: 'Initial contact',
      nameZh: '初步接触',
      buyerStepEn: 'Studies feasibility, sets budget',
      buyerStepZh: '研究可行性，确定预算',
      milestoneEn: 'Visited, an insider/coach won',
      milestoneZh: '上门拜访，搞定线人',
      funnelState: 'searching',
      probability: 10,
      expectedDays: 21,
      guidanceEn: 'Visit on site, meet the decision maker and win an insider who will guide you.',
      guidanceZh: '上门拜访，与决策人见面，发展一位能指导你的线人。',
      tools: [tool('visit-plan'), tool('first-meeting')],
      criteria: [
        {
          labelEn: 'On-site visit done',
          labelZh: '完成上门拜访',
          hintEn: 'Plan and complete an on-site visit.',
          hintZh: '计划并完成一次上门拜访。',
          kind: 'activity',
          config: { activityType: 'visit' },
        },
        {
          labelEn: 'Decision maker met',
          labelZh: '与关键决策人取得联系',
          hintEn: 'Meet the decision maker.',
          hintZh: '与关键决策人见面。',
          kind: 'stakeholder',
          config: { role: 'decision_maker', met: true },
        },
        {
          labelEn: 'Coach (insider) won',
          labelZh: '发展线人',
          hintEn: 'Win an insider (coach) who supports you.',
          hintZh: '发展一位支持我方的线人。',
          kind: 'stakeholder',
          config: { role: 'coach', met: true },
        },
      ],
    },
    {
      nameEn: 'Solution design',
      nameZh: '方案设计',
      buyerStepEn: 'Initiates project, forms buying team',
      buyerStepZh: '项目立项，组建采购小组',
      milestoneEn: 'Solution done, key information obtained',
      milestoneZh: '完成方案，获得信息',
      funnelState: 'in_funnel',
      probability: 20,
      expectedDays: 30,
      guidanceEn: 'Map the buying team and design the solution around the key need.',
      guidanceZh: '梳理采购小组，围绕客户关键需求设计方案。',
      tools: [tool('solution-template'), tool('buying-team')],
      criteria: [
        {
          labelEn: 'Technical evaluator identified',
          labelZh: '明确技术评估人',
          hintEn: 'Identify who evaluates the solution technically.',
          hintZh: '明确由谁负责技术评估。',
          kind: 'stakeholder',
          config: { role: 'technical_evaluator' },
        },
        {
          labelEn: 'Solution document shared',
          labelZh: '方案文档已提交',
          hintEn: 'Attach the solution document you shared with the customer.',
          hintZh: '上传已提交给客户的方案文档链接。',
          kind: 'document',
        },
      ],
    },
    {
      nameEn: 'Capability demonstration',
      nameZh: '业绩展示',
      buyerStepEn: 'Sets purchase criteria',
      buyerStepZh: '建立采购标准',
      milestoneEn: 'Strength shown, technical preference',
      milestoneZh: '实力展示，技术倾向',
      funnelState: 'in_funnel',
      probability: 35,
      expectedDays: 21,
      guidanceEn: 'Show references and a demo that shape the purchase criteria in your favour.',
      guidanceZh: '通过案例和演示展示实力，让采购标准向我方倾斜。',
      tools: [tool('cases'), tool('demo-script')],
      criteria: [
        {
          labelEn: 'Demo or reference visit done',
          labelZh: '完成演示或样板参观',
          hintEn: 'Run a demo for the buying team.',
          hintZh: '为采购小组安排一次产品演示。',
          kind: 'activity',
          config: { activityType: 'demo' },
        },
        {
          labelEn: 'Technical preference for us',
          labelZh: '技术上倾向我方',
          hintEn: 'Confirm the technical evaluator prefers our solution.',
          hintZh: '确认技术评估人倾向我方方案。',
          kind: 'stakeholder',
          config: { role: 'technical_evaluator', attitude: 'supporter' },
        },
      ],
    },
    {
      nameEn: 'Solution confirmation',
      nameZh: '方案确认',
      buyerStepEn: 'Tenders, first screening',
      buyerStepZh: '确定招标，初步筛选',
      milestoneEn: 'Solution confirmed, technically cleared',
      milestoneZh: '方案确认，技术通关',
      funnelState: 'in_funnel',
      probability: 50,
      expectedDays: 21,
      guidanceEn: 'Get the solution confirmed and pass the technical screening.',
      guidanceZh: '让客户确认方案，通过技术评审。',
      tools: [tool('tender')],
      criteria: [
        {
          labelEn: 'Solution confirmed by the customer',
          labelZh: '客户确认方案',
          hintEn: 'Get written confirmation of the solution from the customer.',
          hintZh: '取得客户对方案的书面确认。',
          kind: 'document',
        },
      ],
    },
    {
      nameEn: 'Project evaluation',
      nameZh: '项目评估',
      buyerStepEn: 'Picks preferred supplier',
      buyerStepZh: '认准首选，筛选供应商',
      milestoneEn: 'Needs dug out, senior management leaning to us',
      milestoneZh: '需求挖掘，高层倾向',
      funnelState: 'best',
      probability: 65,
      expectedDays: 14,
      guidanceEn: 'Meet the economic buyer and win senior management.',
      guidanceZh: '拜访经济决策人，赢得高层支持。',
      tools: [tool('executive-brief')],
      criteria: [
        {
          labelEn: 'Economic buyer met',
          labelZh: '拜访经济决策人',
          hintEn: 'Meet the economic buyer.',
          hintZh: '拜访经济决策人。',
          kind: 'stakeholder',
          config: { role: 'economic_buyer', met: true },
        },
        {
          labelEn: 'Decision maker supports us',
          labelZh: '高层倾向我方',
          hintEn: 'Win the decision maker’s support.',
          hintZh: '争取关键决策人支持我方。',
          kind: 'stakeholder',
          config: { role: 'decision_maker', attitude: 'supporter' },
        },
      ],
    },
    {
      nameEn: 'Commercial negotiation',
      nameZh: '商务谈判',
      buyerStepEn: 'Negotiates contract',
      buyerStepZh: '合同谈判',
      milestoneEn: 'Terms clear, consensus reached',
      milestoneZh: '明确条款，达成共识',
      funnelState: 'best',
      probability: 80,
      expectedDays: 14,
      guidanceEn: 'Agree the terms; keep the close date honest.',
      guidanceZh: '明确合同条款，确认真实的签约时间。',
      tools: [tool('negotiation')],
      criteria: [
        {
          labelEn: 'Close date agreed',
          labelZh: '签约时间已确认',
          hintEn: 'Agree the signing date with the customer.',
          hintZh: '与客户确认签约时间。',
          kind: 'field',
          config: { field: 'expectedCloseDate' },
        },
        {
          labelEn: 'Terms agreed',
          labelZh: '合同条款达成一致',
          hintEn: 'Confirm both sides agree the terms.',
          hintZh: '确认双方就合同条款达成一致。',
          kind: 'checkbox',
        },
      ],
    },
    {
      nameEn: 'Signing',
      nameZh: '签约成交',
      buyerStepEn: 'Signs',
      buyerStepZh: '签约',
      milestoneEn: 'Contract signed',
      milestoneZh: '签约完成，合作成功',
      funnelState: 'best',
      probability: 90,
      expectedDays: 7,
      guidanceEn: 'Get the contract signed and hand over to delivery.',
      guidanceZh: '完成合同签署，交接给交付团队。',
      tools: [tool('handover')],
      criteria: [
        {
          labelEn: 'Signed contract attached',
          labelZh: '已上传签署的合同',
          hintEn: 'Attach the signed contract.',
          hintZh: '上传已签署的合同。',
          kind: 'document',
        },
      ],
    },
  ],
};

const simple = (
  nameEn: string,
  nameZh: string,
  funnelState: FunnelState,
  probability: number,
  expectedDays: number,
  criteria: CriterionTemplate[],
): StageTemplate => ({
  nameEn,
  nameZh,
  buyerStepEn: nameEn,
  buyerStepZh: nameZh,
  milestoneEn: criteria.map((c) => c.labelEn).join(', '),
  milestoneZh: criteria.map((c) => c.labelZh).join('，'),
  funnelState,
  probability,
  expectedDays,
  guidanceEn: '',
  guidanceZh: '',
  tools: [],
  criteria,
});

export const TRANSACTIONAL_PROCESS: ProcessTemplate = {
  key: 'transactional',
  nameEn: 'Product sale (short)',
  nameZh: '产品销售（短流程）',
  stages: [
    simple('Qualify', '确认需求', 'searching', 10, 7, [
      {
        labelEn: 'Need confirmed',
        labelZh: '需求已确认',
        hintEn: 'Confirm the need.',
        hintZh: '确认客户需求。',
        kind: 'field',
        config: { field: 'keyNeed' },
      },
    ]),
    simple('Quote', '报价', 'in_funnel', 40, 7, [
      {
        labelEn: 'Quote sent',
        labelZh: '已发送报价',
        hintEn: 'Send the quote.',
        hintZh: '发送报价单。',
        kind: 'document',
      },
    ]),
    simple('Negotiate', '议价', 'best', 70, 7, [
      {
        labelEn: 'Terms agreed',
        labelZh: '条款达成一致',
        hintEn: 'Agree the terms.',
        hintZh: '确认条款。',
        kind: 'checkbox',
      },
    ]),
    simple('Order', '下单', 'best', 90, 3, []),
  ],
};

export const STRATEGIC_PROCESS: ProcessTemplate = {
  key: 'strategic-account',
  nameEn: 'Strategic account',
  nameZh: '战略客户',
  stages: [
    simple('Account plan', '客户规划', 'searching', 5, 30, [
      {
        labelEn: 'Executive sponsor identified',
        labelZh: '明确高层支持者',
        hintEn: 'Identify the executive sponsor.',
        hintZh: '明确客户方的高层支持者。',
        kind: 'stakeholder',
        config: { role: 'economic_buyer' },
      },
    ]),
    simple('Joint discovery', '联合调研', 'searching', 15, 45, [
      {
        labelEn: 'Workshop held',
        labelZh: '完成联合研讨会',
        hintEn: 'Hold a discovery workshop.',
        hintZh: '组织一次联合需求研讨会。',
        kind: 'activity',
        config: { activityType: 'meeting' },
      },
      {
        labelEn: 'Coach won',
        labelZh: '发展线人',
        hintEn: 'Win a coach.',
        hintZh: '发展线人。',
        kind: 'stakeholder',
        config: { role: 'coach', met: true },
      },
    ]),
    simple('Value proposal', '价值方案', 'in_funnel', 35, 45, [
      {
        labelEn: 'Business case shared',
        labelZh: '已提交商业价值分析',
        hintEn: 'Share the business case.',
        hintZh: '提交商业价值分析。',
        kind: 'document',
      },
    ]),
    simple('Executive alignment', '高层共识', 'best', 60, 30, [
      {
        labelEn: 'Sponsor supports us',
        labelZh: '高层支持我方',
        hintEn: 'Win the sponsor.',
        hintZh: '赢得高层支持。',
        kind: 'stakeholder',
        config: { role: 'economic_buyer', attitude: 'supporter', met: true },
      },
    ]),
    simple('Contract', '签约', 'best', 85, 30, [
      {
        labelEn: 'Contract approved internally',
        labelZh: '合同内部审批通过',
        hintEn: 'Get the contract approved.',
        hintZh: '完成合同内部审批。',
        kind: 'checkbox',
        requiresConfirmation: true,
      },
    ]),
  ],
};

export const PROCESS_TEMPLATES: readonly ProcessTemplate[] = [
  EIGHT_STEP_PROCESS,
  TRANSACTIONAL_PROCESS,
  STRATEGIC_PROCESS,
];
