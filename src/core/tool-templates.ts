/**
 * Winpath's built-in worksheets (`/tools/<slug>`), the tools the stages of the 8-step process link to, in
 * English and Chinese. Pure data, shared by server and web.
 */
import type { ToolTemplate } from './stage-tools.ts';

export const TOOL_TEMPLATES: readonly ToolTemplate[] = [
  {
    slug: 'qualification',
    title: { en: 'Project qualification sheet', zh: '项目立项评估表' },
    purpose: {
      en: 'Decide whether a lead is a real project worth the effort of a long sale before you ask for resources. Fill it in during project initiation; your manager approves initiation from it.',
      zh: '在申请资源之前，判断这条线索是否是值得长期投入的真实项目。在项目立项阶段填写，销售经理据此审批立项。',
    },
    sections: [
      {
        title: { en: 'The project', zh: '项目情况' },
        kind: 'fields',
        items: [
          {
            en: 'Problem the customer wants solved, in their own words',
            zh: '客户要解决的问题（用客户自己的话）',
          },
          { en: 'Key need or purchase criteria', zh: '关键需求或采购标准' },
          { en: 'Budget: amount, source and whether it is approved', zh: '预算：金额、来源、是否已获批' },
          { en: 'Timeline and what drives it', zh: '时间表及其背后的驱动因素' },
          { en: 'Estimated value and the products or services involved', zh: '预计金额及涉及的产品或服务' },
          { en: 'Who raised the need, and how we heard of it', zh: '需求由谁提出，我们从什么渠道得知' },
        ],
      },
      {
        title: { en: 'People and competition', zh: '人员与竞争' },
        kind: 'fields',
        items: [
          {
            en: 'Decision maker: name, title, how we can reach them',
            zh: '关键决策人：姓名、职务、接触途径',
          },
          { en: 'Department that owns the project', zh: '负责该项目的部门' },
          {
            en: 'Possible coach (insider) and why they might help us',
            zh: '可发展为线人的人选，以及他愿意帮助我方的原因',
          },
          { en: 'Incumbent supplier and other competitors involved', zh: '现有供应商及其他参与的竞争对手' },
        ],
      },
      {
        title: { en: 'Go or no-go', zh: '是否立项' },
        kind: 'checklist',
        items: [
          { en: 'The need is specific, not a vague interest', zh: '需求明确具体，而不是泛泛的兴趣' },
          { en: 'Decision maker identified', zh: '已明确关键决策人' },
          { en: 'Budget exists, or we know where it will come from', zh: '预算已落实，或已知预算从哪里来' },
          { en: 'What we sell can meet the key need', zh: '我方产品能满足客户的关键需求' },
          {
            en: 'We have a fair chance against the incumbent and the competitors',
            zh: '与现有供应商和竞争对手相比，我方有胜算',
          },
          { en: 'Value and margin justify a long sales cycle', zh: '金额和利润值得投入长周期跟进' },
          {
            en: 'Manager has reviewed the sheet and approved initiation',
            zh: '销售经理已审核本表并批准立项',
          },
        ],
      },
    ],
  },
  {
    slug: 'research',
    title: { en: 'Account research checklist', zh: '客户背景调研清单' },
    purpose: {
      en: 'Learn the account before the first visit, so you arrive with informed questions rather than a product pitch. Use it while the project is being qualified.',
      zh: '在首次拜访之前摸清客户情况，带着有准备的问题上门，而不是直接推销产品。在项目立项阶段使用。',
    },
    sections: [
      {
        title: { en: 'The company', zh: '企业概况' },
        kind: 'fields',
        items: [
          { en: 'Industry, main products and main customers', zh: '所属行业、主营产品和主要客户' },
          { en: 'Size: revenue, employees, sites', zh: '规模：营收、员工人数、分支机构' },
          {
            en: 'Ownership and group structure (state-owned, listed, subsidiary)',
            zh: '所有制与集团架构（国企、上市公司、子公司等）',
          },
          {
            en: 'Recent news: expansion, new leadership, regulation, results',
            zh: '近期动态：扩张、高层变动、政策法规、经营业绩',
          },
          { en: 'Strategy or plan priorities that touch our offer', zh: '与我方产品相关的战略或规划重点' },
        ],
      },
      {
        title: { en: 'How they buy', zh: '采购方式' },
        kind: 'fields',
        items: [
          { en: 'Org chart of the departments involved', zh: '相关部门的组织架构' },
          { en: 'Who approves a purchase of this size', zh: '这一金额的采购由谁审批' },
          {
            en: 'Procurement rules: tender threshold, approved supplier list',
            zh: '采购制度：招标金额门槛、合格供应商名录',
          },
          {
            en: 'People we already know there, and who introduced us',
            zh: '我们在客户内部已认识的人及引荐人',
          },
        ],
      },
      {
        title: { en: 'Our history with them', zh: '我方与客户的往来' },
        kind: 'checklist',
        items: [
          {
            en: 'Checked past deals, quotes and service records with this account',
            zh: '已查阅与该客户的历史商机、报价和服务记录',
          },
          {
            en: 'Asked colleagues and partners who know the account',
            zh: '已向了解该客户的同事和合作伙伴打听情况',
          },
          {
            en: 'Found out who the incumbent supplier is and when their contract ends',
            zh: '已了解现有供应商及其合同到期时间',
          },
          { en: 'Found a comparable customer we have served', zh: '已找到一家我们服务过的同类客户' },
          { en: 'Listed three things to confirm on the first visit', zh: '已列出首次拜访时要核实的三件事' },
        ],
      },
    ],
  },
  {
    slug: 'visit-plan',
    title: { en: 'Visit plan and debrief', zh: '拜访计划与复盘表' },
    purpose: {
      en: 'Plan each on-site visit around one objective and debrief it the same day. Use it in initial contact, whose milestone is a visit made and a coach won.',
      zh: '每次上门拜访都围绕一个明确目标做计划，并在当天复盘。在初步接触阶段使用，本阶段的里程碑是上门拜访、搞定线人。',
    },
    sections: [
      {
        title: { en: 'Before the visit', zh: '拜访前' },
        kind: 'fields',
        items: [
          {
            en: 'Objective: what the customer should agree to by the end',
            zh: '拜访目标：结束时希望客户同意什么',
          },
          {
            en: 'Who we meet: name, title, role in the purchase',
            zh: '拜访对象：姓名、职务、在采购中的角色',
          },
          { en: 'What we already know, and what we must find out', zh: '已掌握的信息，以及必须弄清的问题' },
          { en: 'Materials to bring, and who from our side attends', zh: '需携带的资料及我方参加人员' },
          {
            en: 'Commitment to ask for: next meeting, introduction, information',
            zh: '要争取的承诺：下次会面、引荐他人、提供资料',
          },
        ],
      },
      {
        title: { en: 'Debrief', zh: '拜访后复盘' },
        kind: 'fields',
        items: [
          { en: 'What we learned about the need, budget and timeline', zh: '了解到的需求、预算和时间表' },
          {
            en: 'Each person’s attitude to us: supporter, neutral or opponent',
            zh: '每个人对我方的态度：支持、中立或反对',
          },
          { en: 'Commitments made, by them and by us', zh: '双方各自做出的承诺' },
          { en: 'Objective reached or not, and why', zh: '拜访目标是否达成及原因' },
          { en: 'Next step, owner and date', zh: '下一步行动、负责人和日期' },
        ],
      },
      {
        title: { en: 'Is there a coach?', zh: '是否搞定了线人？' },
        kind: 'checklist',
        items: [
          {
            en: 'Someone inside gave us information other suppliers do not get',
            zh: '有客户内部人员向我们提供了其他供应商得不到的信息',
          },
          { en: 'They are listened to by the decision maker', zh: '此人的意见能影响关键决策人' },
          { en: 'They want us to win, and can say why', zh: '此人希望我方胜出，并能说出理由' },
          {
            en: 'They agreed to tell us how the decision will be made',
            zh: '此人同意告诉我们决策将如何做出',
          },
          { en: 'Visit and new contacts recorded on the deal', zh: '拜访记录和新联系人已录入商机' },
        ],
      },
    ],
  },
  {
    slug: 'first-meeting',
    title: { en: 'Questions for the first meeting', zh: '首次会面提问清单' },
    purpose: {
      en: 'Questions that get the customer talking about their situation, problem and decision before you present anything. Use them on the first visits in initial contact.',
      zh: '在介绍我方产品之前，先用这些问题让客户讲清现状、问题和决策方式。在初步接触阶段的前几次拜访中使用。',
    },
    sections: [
      {
        title: { en: 'Situation and problem', zh: '现状与问题' },
        kind: 'questions',
        items: [
          {
            en: 'How do you handle this today, and what does it cost you?',
            zh: '目前这方面是怎么做的？付出了哪些成本？',
          },
          { en: 'What made this a priority now?', zh: '为什么现在把这件事提上日程？' },
          {
            en: 'What happens if nothing changes in the next year?',
            zh: '如果未来一年维持现状，会有什么影响？',
          },
          { en: 'Who is most affected by the problem?', zh: '这个问题对谁的影响最大？' },
          { en: 'What have you already tried?', zh: '之前已经尝试过哪些办法？' },
        ],
      },
      {
        title: { en: 'Project and budget', zh: '项目与预算' },
        kind: 'questions',
        items: [
          { en: 'Is there an approved project or budget for this yet?', zh: '这件事已经立项或有预算了吗？' },
          { en: 'What range of investment are you considering?', zh: '预计的投入范围大概是多少？' },
          {
            en: 'When does it need to be in use, and what fixes that date?',
            zh: '希望什么时候投入使用？这个时间由什么决定？',
          },
          { en: 'Which other suppliers are you talking to?', zh: '目前还在和哪些供应商接触？' },
        ],
      },
      {
        title: { en: 'Decision', zh: '决策方式' },
        kind: 'questions',
        items: [
          { en: 'Who else will be involved in choosing a solution?', zh: '还有谁会参与选择方案？' },
          { en: 'Who has the final say, and what matters most to them?', zh: '最终由谁拍板？他最看重什么？' },
          { en: 'How was the last purchase of this size decided?', zh: '上一次同等规模的采购是怎么决策的？' },
          {
            en: 'What would a good outcome look like for you personally?',
            zh: '对您个人而言，这个项目怎样才算成功？',
          },
          { en: 'Could you introduce us to the others involved?', zh: '能否引荐我们认识其他相关人员？' },
        ],
      },
    ],
  },
  {
    slug: 'solution-template',
    title: { en: 'Solution design template', zh: '解决方案设计模板' },
    purpose: {
      en: 'Build the solution around the key need and what the buying team told you. Use it in solution design, whose milestone is a solution done and key information obtained.',
      zh: '围绕客户的关键需求和从采购小组获得的信息来设计方案。在方案设计阶段使用，本阶段的里程碑是完成方案、获得信息。',
    },
    sections: [
      {
        title: { en: 'The customer’s situation', zh: '客户现状' },
        kind: 'fields',
        items: [
          { en: 'Key need, as confirmed by the customer', zh: '经客户确认的关键需求' },
          { en: 'Current process and its pain points', zh: '现有流程及其痛点' },
          {
            en: 'Constraints: budget, timeline, existing systems, rules',
            zh: '限制条件：预算、工期、现有系统、制度规定',
          },
          { en: 'Measures the customer will judge success by', zh: '客户衡量成功的指标' },
        ],
      },
      {
        title: { en: 'Our proposal', zh: '我方方案' },
        kind: 'fields',
        items: [
          { en: 'Scope: what is included and what is not', zh: '范围：包含什么，不包含什么' },
          { en: 'How each key need is met, one by one', zh: '逐条说明如何满足每项关键需求' },
          {
            en: 'Implementation phases and the customer resources needed',
            zh: '实施阶段及需要客户投入的资源',
          },
          { en: 'Expected benefits, in figures the customer accepts', zh: '预期收益（采用客户认可的数据）' },
          {
            en: 'Why us rather than the competitors, on the criteria they care about',
            zh: '在客户看重的指标上，我方相比竞争对手的优势',
          },
          { en: 'Price range and commercial model', zh: '价格区间和商务模式' },
        ],
      },
      {
        title: { en: 'Before you send it', zh: '提交前检查' },
        kind: 'checklist',
        items: [
          { en: 'Coach or technical evaluator has reviewed a draft', zh: '线人或技术评估人已审阅过初稿' },
          { en: 'Presales has checked feasibility and effort', zh: '售前已核实可行性和工作量' },
          {
            en: 'Every claim is backed by a reference case or data',
            zh: '方案中的每个论点都有案例或数据支撑',
          },
          {
            en: 'Written in the customer’s terms, not our product names',
            zh: '用客户的语言表述，而不是堆砌我方产品名称',
          },
          { en: 'Document as sent attached to the deal', zh: '提交给客户的方案文档已上传到商机' },
        ],
      },
    ],
  },
  {
    slug: 'buying-team',
    title: { en: 'Buying team map', zh: '采购小组分析表' },
    purpose: {
      en: 'Map who is in the buying team, what each person cares about and where they stand, so nobody with influence is missed. Start it in solution design, when the customer forms its team, and keep it current.',
      zh: '梳理采购小组成员、各自的关注点和对我方的态度，避免遗漏有影响力的人。在方案设计阶段客户组建采购小组时开始填写，并持续更新。',
    },
    sections: [
      {
        title: { en: 'For each member', zh: '逐个成员填写' },
        kind: 'fields',
        items: [
          { en: 'Name, title and department', zh: '姓名、职务和部门' },
          {
            en: 'Role: decision maker, economic buyer, technical evaluator, user, coach, gatekeeper',
            zh: '角色：关键决策人、经济决策人、技术评估人、使用者、线人、把关人',
          },
          { en: 'Influence on the decision: high, medium or low', zh: '对决策的影响力：高、中、低' },
          { en: 'Attitude to us: supporter, neutral or opponent', zh: '对我方的态度：支持、中立或反对' },
          { en: 'What they care about, for the project and personally', zh: '关注点：项目层面和个人层面' },
          { en: 'Ties to a competitor', zh: '与竞争对手的关系' },
          {
            en: 'Last contact, and who on our side owns the relationship',
            zh: '最近一次接触，以及我方由谁负责跟进',
          },
        ],
      },
      {
        title: { en: 'Coverage', zh: '覆盖情况' },
        kind: 'checklist',
        items: [
          { en: 'Decision maker and economic buyer identified', zh: '已明确关键决策人和经济决策人' },
          { en: 'Technical evaluator identified and met', zh: '已明确技术评估人并与其见面' },
          { en: 'At least one coach who supports us', zh: '至少有一位支持我方的线人' },
          {
            en: 'Contacts in more than one department, not a single thread',
            zh: '在多个部门有联系人，而不是单线联系',
          },
          {
            en: 'A plan for each influential neutral or opponent',
            zh: '对每位有影响力的中立者或反对者都有应对计划',
          },
        ],
      },
      {
        title: { en: 'Ask your coach', zh: '向线人了解' },
        kind: 'questions',
        items: [
          { en: 'Who else will have a say that we have not met?', zh: '还有哪些我们没见过的人有发言权？' },
          {
            en: 'How do the members of the team get on with each other?',
            zh: '采购小组成员之间的关系如何？',
          },
          { en: 'Whose advice does the decision maker take on this?', zh: '在这件事上，决策人听谁的意见？' },
          { en: 'Who favours a competitor, and why?', zh: '谁倾向竞争对手？为什么？' },
        ],
      },
    ],
  },
  {
    slug: 'cases',
    title: { en: 'Reference cases', zh: '成功案例选用表' },
    purpose: {
      en: 'Pick the references that prove we can deliver what this customer needs, and arrange a call or a site visit. Use them in capability demonstration to win the technical preference.',
      zh: '挑选能证明我方可以满足该客户需求的案例，并安排电话交流或样板参观。在业绩展示阶段使用，以赢得技术倾向。',
    },
    sections: [
      {
        title: { en: 'Choosing a case', zh: '案例筛选' },
        kind: 'checklist',
        items: [
          { en: 'Same industry, or a similar problem', zh: '同行业，或面临的问题相似' },
          { en: 'Similar size and scope', zh: '规模和范围相近' },
          { en: 'Speaks to this customer’s key need and worries', zh: '能回应本客户的关键需求和顾虑' },
          { en: 'Delivered recently, on our current product', zh: '近期交付，使用的是我方当前产品' },
          {
            en: 'Reference customer willing to take a call or a visit',
            zh: '样板客户愿意接受电话交流或参观',
          },
        ],
      },
      {
        title: { en: 'Case summary', zh: '案例摘要' },
        kind: 'fields',
        items: [
          { en: 'Customer, industry and size', zh: '客户名称、行业和规模' },
          { en: 'Problem before the project', zh: '项目实施前面临的问题' },
          { en: 'What we delivered, and how long it took', zh: '我方交付的内容及周期' },
          { en: 'Measured results', zh: '可量化的成果' },
          {
            en: 'Reference contact: name, title, agreed to speak or not',
            zh: '样板客户联系人：姓名、职务、是否同意交流',
          },
        ],
      },
      {
        title: { en: 'Reference call or visit', zh: '样板交流或参观' },
        kind: 'checklist',
        items: [
          {
            en: 'Reference customer briefed on what our prospect cares about',
            zh: '已向样板客户说明本客户关注的问题',
          },
          { en: 'The right people from the buying team attend', zh: '采购小组中的关键人员参加' },
          { en: 'Each attendee’s reaction recorded afterwards', zh: '会后已记录每位参加者的反应' },
        ],
      },
    ],
  },
  {
    slug: 'demo-script',
    title: { en: 'Demo script', zh: '产品演示脚本' },
    purpose: {
      en: 'Script a demo of the customer’s own scenarios that steers the purchase criteria our way. Use it in capability demonstration, before every demo or trial.',
      zh: '围绕客户自己的业务场景编写演示脚本，让采购标准向我方倾斜。在业绩展示阶段，每次演示或试用前使用。',
    },
    sections: [
      {
        title: { en: 'Preparation', zh: '演示准备' },
        kind: 'fields',
        items: [
          {
            en: 'Audience: names, roles and what each wants to see',
            zh: '参加人员：姓名、角色及各自想看的内容',
          },
          { en: 'Customer scenarios to show, most important first', zh: '要演示的客户场景，按重要性排序' },
          { en: 'Purchase criteria we want the customer to adopt', zh: '希望客户采纳的采购标准' },
          { en: 'Customer data or examples to use', zh: '演示中使用的客户数据或实例' },
          { en: 'Presales lead, demo environment and rehearsal date', zh: '售前负责人、演示环境和彩排日期' },
        ],
      },
      {
        title: { en: 'During the demo', zh: '演示过程' },
        kind: 'checklist',
        items: [
          { en: 'Open by confirming their agenda and key need', zh: '开场先确认客户的议程和关键需求' },
          { en: 'Show outcomes, not every feature', zh: '展示业务成果，而不是逐个讲功能' },
          { en: 'After each scenario, check that it fits', zh: '每个场景结束后确认是否符合需求' },
          { en: 'Write down every objection and question word for word', zh: '逐字记录每个异议和问题' },
          { en: 'Agree the next step before leaving', zh: '离开前约定下一步' },
        ],
      },
      {
        title: { en: 'Questions to close the demo', zh: '演示结束时提问' },
        kind: 'questions',
        items: [
          {
            en: 'Which part of what you saw matters most for your project?',
            zh: '刚才演示的内容中，哪部分对你们的项目最重要？',
          },
          {
            en: 'What did you expect to see that we did not show?',
            zh: '有哪些您期待看到、但我们没有演示的内容？',
          },
          {
            en: 'How does this compare with what other suppliers showed you?',
            zh: '和其他供应商的演示相比如何？',
          },
          { en: 'What would you need to see to recommend us?', zh: '还需要看到什么，您才会推荐我方？' },
        ],
      },
    ],
  },
  {
    slug: 'tender',
    title: { en: 'Tender checklist', zh: '招投标检查清单' },
    purpose: {
      en: 'Keep the bid complete, compliant and on time, and track the technical screening. Use it in solution confirmation, until the customer confirms the solution and we are technically cleared.',
      zh: '确保投标文件完整、合规、按时提交，并跟踪技术评审。在方案确认阶段使用，直到客户确认方案、技术通关。',
    },
    sections: [
      {
        title: { en: 'Tender facts', zh: '招标要点' },
        kind: 'fields',
        items: [
          {
            en: 'Procurement method and number: open or invited tender, competitive negotiation, single source',
            zh: '采购方式和项目编号：公开招标、邀请招标、竞争性谈判或单一来源采购',
          },
          { en: 'Key dates: questions, submission, opening, award', zh: '关键日期：答疑、递交、开标、定标' },
          { en: 'Qualification requirements and certificates needed', zh: '资格要求及所需资质证书' },
          {
            en: 'Scoring: weights of technical, commercial and price',
            zh: '评分办法：技术、商务、价格的权重',
          },
          { en: 'Bid bond amount and deadline', zh: '投标保证金金额和截止时间' },
          {
            en: 'Evaluation method and scoring rules, as the tender states them',
            zh: '评标办法及评分细则（以招标文件为准）',
          },
        ],
      },
      {
        title: { en: 'Before submission', zh: '递交前检查' },
        kind: 'checklist',
        items: [
          { en: 'Tender requirements match the confirmed solution', zh: '招标要求与已确认的方案一致' },
          {
            en: 'Every mandatory requirement answered, deviations listed',
            zh: '所有实质性条款均已响应，偏离项已列明',
          },
          { en: 'Quote approved internally', zh: '报价已通过内部审批' },
          { en: 'Signed, sealed and bound as the tender requires', zh: '已按招标文件要求签字、盖章、装订' },
          { en: 'Bid bond paid and receipt kept', zh: '投标保证金已缴纳，凭证已留存' },
          { en: 'A second person has checked the whole bid', zh: '已由另一人复核全部投标文件' },
        ],
      },
      {
        title: { en: 'Technical clearance', zh: '技术通关' },
        kind: 'checklist',
        items: [
          { en: 'Customer confirmed the solution in writing', zh: '客户已书面确认方案' },
          { en: 'Technical evaluator’s questions all answered', zh: '技术评估人的问题已全部答复' },
          { en: 'Passed the first screening', zh: '已通过初步筛选' },
          {
            en: 'Evaluation results learned through clarification or the official announcement',
            zh: '已通过澄清答疑或结果公示了解评审结果',
          },
        ],
      },
    ],
  },
  {
    slug: 'executive-brief',
    title: { en: 'Executive meeting brief', zh: '高层拜访简报' },
    purpose: {
      en: 'Prepare a short meeting with the economic buyer or decision maker about business results, not product detail. Use it in project evaluation, to bring senior management over to our side.',
      zh: '为与经济决策人或关键决策人的短会做准备，谈业务成果而不是产品细节。在项目评估阶段使用，争取高层倾向我方。',
    },
    sections: [
      {
        title: { en: 'Background', zh: '背景信息' },
        kind: 'fields',
        items: [
          { en: 'Executive: name, title, what they are measured on', zh: '高层：姓名、职务、考核指标' },
          { en: 'Their goals and worries, as our coach tells it', zh: '据线人了解，该高层的目标和顾虑' },
          {
            en: 'Where the deal stands: stage, competitors, who supports whom',
            zh: '商机现状：所处阶段、竞争对手、各方支持谁',
          },
          { en: 'Who attends from our side, at a matching level', zh: '我方对等级别的参会人员' },
          { en: 'The one thing we want them to agree to', zh: '希望高层同意的一件事' },
        ],
      },
      {
        title: { en: 'Questions for the executive', zh: '向高层提问' },
        kind: 'questions',
        items: [
          {
            en: 'What must this project deliver for you this year?',
            zh: '这个项目今年必须为您带来什么成果？',
          },
          { en: 'What worries you most about it?', zh: '您对这个项目最担心的是什么？' },
          {
            en: 'How will you judge the suppliers in the final decision?',
            zh: '最终决策时，您会怎样评判各家供应商？',
          },
          {
            en: 'What else is on your agenda that this project touches?',
            zh: '您近期关注的工作中，还有哪些与本项目相关？',
          },
          { en: 'What would you need from us to move forward?', zh: '需要我们做些什么，项目才能往前推进？' },
        ],
      },
      {
        title: { en: 'After the meeting', zh: '会后跟进' },
        kind: 'checklist',
        items: [
          { en: 'Executive’s priorities recorded on the deal', zh: '已在商机中记录高层的关注重点' },
          { en: 'Executive’s attitude to us updated', zh: '已更新该高层对我方的态度' },
          { en: 'Each promise we made has an owner and a date', zh: '我方的每项承诺都已明确负责人和日期' },
          { en: 'Thank-you note with the agreed next steps sent', zh: '已发送感谢信，并写明约定的下一步' },
        ],
      },
    ],
  },
  {
    slug: 'negotiation',
    title: { en: 'Negotiation plan', zh: '商务谈判计划' },
    purpose: {
      en: 'Decide before the talks what you want, what you can give and where you walk away. Use it in commercial negotiation, whose milestone is terms clear and consensus reached.',
      zh: '谈判前先想清楚：我方要什么、能让什么、底线在哪里。在商务谈判阶段使用，本阶段的里程碑是明确条款、达成共识。',
    },
    sections: [
      {
        title: { en: 'Positions', zh: '双方立场' },
        kind: 'fields',
        items: [
          { en: 'Our target price, and the lowest price approved', zh: '我方目标价，以及已获批的最低价' },
          { en: 'Customer’s budget and their likely opening demand', zh: '客户预算及其可能提出的初始要求' },
          { en: 'Payment terms: milestones, percentages, retention', zh: '付款条件：付款节点、比例、质保金' },
          { en: 'Scope, delivery date, warranty and service level', zh: '范围、交付日期、质保和服务水平' },
          { en: 'Liability, penalties and acceptance criteria', zh: '违约责任、罚则和验收标准' },
          { en: 'Our fallback if there is no agreement', zh: '谈判破裂时我方的备选方案' },
        ],
      },
      {
        title: { en: 'Trades', zh: '让步与交换' },
        kind: 'fields',
        items: [
          {
            en: 'What we can give, and what we ask in return for each',
            zh: '我方可让步的条件，以及每项要换取什么',
          },
          { en: 'What we will not give', zh: '我方不能让步的条件' },
          { en: 'Who on each side can approve a change', zh: '双方各由谁批准条件变更' },
        ],
      },
      {
        title: { en: 'Reaching agreement', zh: '达成共识' },
        kind: 'checklist',
        items: [
          { en: 'All open terms listed and agreed in writing', zh: '所有未决条款已列出，并书面确认' },
          { en: 'Contract reviewed by our legal and finance', zh: '合同已经我方法务和财务审核' },
          { en: 'Signing date agreed with the decision maker', zh: '已与关键决策人确认签约时间' },
          { en: 'Customer’s approval steps and signatories known', zh: '已了解客户的审批流程和签字人' },
          { en: 'Close date on the deal updated', zh: '已更新商机的预计成交日期' },
        ],
      },
    ],
  },
  {
    slug: 'handover',
    title: { en: 'Handover checklist', zh: '签约交接清单' },
    purpose: {
      en: 'Hand the signed deal to delivery with everything the customer was promised, so nothing is lost. Use it at signing, then close the deal as won and record why.',
      zh: '签约后把项目连同对客户的全部承诺交接给交付团队，避免遗漏。在签约成交阶段使用，随后将商机结案为赢单并记录原因。',
    },
    sections: [
      {
        title: { en: 'Contract', zh: '合同' },
        kind: 'checklist',
        items: [
          { en: 'Signed contract attached to the deal', zh: '已签署的合同已上传到商机' },
          { en: 'Purchase order and invoicing details received', zh: '已收到采购订单和开票信息' },
          { en: 'Payment schedule entered for collection', zh: '回款计划已录入' },
          { en: 'Deal closed as won, with the reasons recorded', zh: '商机已结案为赢单，并记录了赢单原因' },
        ],
      },
      {
        title: { en: 'For the delivery team', zh: '交付团队须知' },
        kind: 'fields',
        items: [
          { en: 'Customer’s key need and success measures', zh: '客户的关键需求和成功指标' },
          { en: 'Everything promised beyond the contract text', zh: '合同文本之外的所有承诺' },
          { en: 'Customer contacts for delivery, and their attitudes', zh: '交付对接的客户联系人及其态度' },
          {
            en: 'Risks: difficult people, tight dates, open technical points',
            zh: '风险：难打交道的人、紧张的工期、未决的技术问题',
          },
          { en: 'Acceptance criteria and milestone dates', zh: '验收标准和里程碑日期' },
        ],
      },
      {
        title: { en: 'After the handover', zh: '交接之后' },
        kind: 'checklist',
        items: [
          {
            en: 'Kick-off meeting held with the customer and delivery',
            zh: '已与客户和交付团队召开项目启动会',
          },
          { en: 'Thanked the coach and the decision maker', zh: '已向线人和关键决策人致谢' },
          {
            en: 'Win review held: what worked, what to reuse',
            zh: '已完成赢单复盘：哪些做法有效、哪些可以复用',
          },
          {
            en: 'Becoming a reference customer, and the next opportunity, discussed with the customer',
            zh: '已与客户沟通成为样板客户的意向及后续商机',
          },
        ],
      },
    ],
  },
];

const BY_SLUG = new Map(TOOL_TEMPLATES.map((t) => [t.slug, t]));

/** The built-in worksheet of a slug. */
export function toolTemplate(slug: string): ToolTemplate | undefined {
  return BY_SLUG.get(slug);
}
